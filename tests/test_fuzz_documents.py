"""Bad documents, proven by fuzzing: truncated and garbled PDF, DOCX, DOC, WPS and OFD reports
(ZIP parts cut or nested, PDF numbers wrong, OLE sector chains looping), recognised and read
through the report pipeline as a landing page's attachment (a bounded run)."""

from tests.fuzz_harness import fuzz_run
from tests.fuzz_mutators import BOUNDED
from tests.fuzz_targets import TARGETS


def test_mutated_report_documents_become_items_without_an_exception():
    fuzz_run(TARGETS["document"], 15, BOUNDED)()
