"""The search index: Pagefind (the binary from the pagefind-bin wheel) over the built HTML."""

import logging
import subprocess
import time

from pagefind_bin import get_executable

logger = logging.getLogger(__name__)


def build_index(output, language):
    """Index every page marked data-pagefind-body into output/pagefind/; returns seconds taken."""
    started = time.perf_counter()
    cmd = [str(get_executable()), "--site", str(output), "--force-language", language, "--silent"]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"Søgeindekset kunne ikke bygges (Pagefind):\n{result.stdout}{result.stderr}")
    seconds = time.perf_counter() - started
    logger.info("Søgeindeks bygget i %.2f s", seconds)
    return seconds
