"""Small things a new user noticed, tested on the pure functions."""

import pytest

from nordby_images import process
from nordby_images.settings import DEFAULTS


def test_a_file_over_the_limit_is_measured_as_a_file_manager_does(tmp_path):
    """43.2 MB was reported as '41 MB; grænsen er 40 MB' (MiB labelled MB)."""
    photo = tmp_path / "stort.jpg"
    with open(photo, "wb") as handle:
        handle.truncate(43_200_000)  # sparse: nothing on disk
    with pytest.raises(process.BadImage) as refused:
        process.check_file(photo, process.Limits(DEFAULTS["IMAGES_MAX_BYTES"], DEFAULTS["IMAGES_MAX_PIXELS"]))
    assert refused.value.message == "Filen fylder 43,2 MB; grænsen er 40,0 MB."


@pytest.mark.parametrize(
    ("size", "text"), [(999_999, "1,0 MB"), (40_000_000, "40,0 MB"), (104_857_600, "104,9 MB")]
)
def test_megabytes(size, text):
    assert process.megabytes(size) == text
