"""A 10,000-document `.pipe` runs in bounded memory: the resident set stops growing after the
first batches, however many documents follow."""

import os
import resource
import sys

import entente

DOCUMENTS = 10_000
STORY = (
    "Azerbaijan opened its embassy in Tel Aviv on March 29, 2023. "
    "Russia condemned Ukraine and Israel attacked Hamas while Turkey praised Azerbaijan. "
    "The foreign minister of Egypt met his counterpart from Pakistan in Cairo on {n} May. "
)


def resident_bytes():
    """The current resident set from /proc (Linux); the peak from getrusage elsewhere."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def documents():
    for n in range(DOCUMENTS):
        yield {"id": f"story-{n}", "text": STORY.format(n=n % 28 + 1), "date": "2023"}


def test_ten_thousand_documents_stream_in_bounded_memory():
    coder = entente.Coder()
    samples, events, seen = [], 0, 0
    for table in coder.pipe(documents(), batch_size=500):
        events += len(table)
        seen += 1
        samples.append(resident_bytes())
    assert seen == DOCUMENTS // 500
    assert events >= 3 * DOCUMENTS
    settled = samples[2]
    growth = max(samples[2:]) - settled
    # Holding every event would take hundreds of MB; a stream holds two batches at a time.
    assert growth < 64 << 20, f"resident set grew by {growth >> 20} MB after the third batch"
