"""Names the definitions share: asset groups and run tags."""

INGEST_GROUP = "ingest"
REFERENCE_GROUP = "reference"
PUBLISH_GROUP = "publish"
BOOK_GROUP = "book"

QUIET_TAG = "kinerja/quiet_dbt"  # the command line shows its own progress lines instead of dbt's log
WRITER_TAG = "kinerja/writer"  # the instance's run queue lets one run with this tag write at a time
