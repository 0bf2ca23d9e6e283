"""Fault injection for `parley run` subprocesses in tests, switched on by environment variables.

Put this folder first on PYTHONPATH; Python imports it at start-up in every process of the run
(the CLI, Prefect's server, Dask workers). Only the edge of the outside world is faked:

- PARLEY_TEST_DISK_FULL_FLAG=PATH: while PATH exists, writing a Parquet file writes a few bytes
  and then fails with ENOSPC, as a full disk does.
- PARLEY_TEST_BUG_DOC=DOC_ID: coding a batch that holds DOC_ID raises RuntimeError, as a bug
  in the coder would.
"""

from __future__ import annotations

import errno
import os

_flag = os.environ.get("PARLEY_TEST_DISK_FULL_FLAG")
if _flag:
    import pyarrow.parquet as _pq

    _real_write_table = _pq.write_table

    def _write_table(table, where, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if os.path.exists(_flag):
            with open(where, "wb") as fh:
                fh.write(b"PAR1 partial")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(where))
        return _real_write_table(table, where, *args, **kwargs)

    _pq.write_table = _write_table

_bug_doc = os.environ.get("PARLEY_TEST_BUG_DOC")
if _bug_doc:
    import normalize.batch as _batch

    _real_code_documents = _batch.code_documents

    def _code_documents(items, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if any(item.doc_id == _bug_doc for item in items):
            raise RuntimeError(f"injected bug on {_bug_doc}")
        return _real_code_documents(items, *args, **kwargs)

    _batch.code_documents = _code_documents
