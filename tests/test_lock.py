"""One refresh at a time: the writer lock refuses a second one at once, naming the first."""

import pytest

from orchestration.warehouse.lock import WarehouseBusy, holder, writer_lock


def test_a_second_refresh_is_refused_naming_the_first(tmp_path):
    with writer_lock(tmp_path, "kinerja refresh 2024-Q2") as me:
        assert holder(tmp_path)["pid"] == me["pid"]
        with pytest.raises(WarehouseBusy, match=f"PID {me['pid']}"), writer_lock(tmp_path, "another"):
            pass
    with writer_lock(tmp_path, "after"):  # released
        pass
