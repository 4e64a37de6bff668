"""Where articles are analysed: this process, worker processes, or a Dask cluster.

Every engine maps an iterable of work items to outcomes **in input order**,
with a bounded window of work in flight, so memory stays flat however many
articles stream through. Articles travel in small chunks (``chunked``), one
parser call each. Items that are already outcomes (resumed from a
journal) or input problems pass straight through in their place.

Workers build their parser once per process from a picklable
:class:`EngineConfig` (models, cache, rules directory, threads), never a
loaded model shipped over a pipe.
"""
from __future__ import annotations

import os
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Union

from .. import parsing
from ..counts import article_summary
from ..pipeline import analyze_article, analyze_parsed, parse_articles
from ..rules import load_rules
from ..text import Article, InputProblem


@dataclass(frozen=True)
class EngineConfig:
    models: str | None = None
    cache: str | None = None
    rules_dir: str | None = None
    threads: int | None = None


@dataclass(frozen=True)
class Outcome:
    """One article's result, small and picklable: what the writers need."""

    article_id: str
    origin: str
    rows: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    words: int = 0
    error: str = ""          # set when the analysis failed; rows are then empty


Item = Union[Article, InputProblem, Outcome]


def outcome_for(article: Article, parser, rules) -> Outcome:
    """Analyse one article; any failure becomes an Outcome with ``error`` set."""
    return _outcome(article, lambda: analyze_article(article, parser, rules))


def outcomes_for(articles: list[Article], parser, rules) -> list[Outcome]:
    """Analyse several articles with one parser call (see parsing.parse_many).

    If that call fails, each article is analysed on its own, so only the one
    at fault gets an error.
    """
    if len(articles) == 1:
        return [outcome_for(articles[0], parser, rules)]
    try:
        parsed = parse_articles(articles, parser, rules)
    except Exception:
        return [outcome_for(a, parser, rules) for a in articles]
    return [_outcome(a, lambda doc=doc, title=title: analyze_parsed(doc, title, rules))
            for a, (doc, title) in zip(articles, parsed)]


def _outcome(article: Article, analyse) -> Outcome:
    try:
        result = analyse()
        return Outcome(article.article_id, article.origin, result.rows, article_summary(result),
                       result.doc.n_words)
    except Exception as err:  # one bad article must not lose the others
        return _failed(article, "analysis failed", err)


# Articles travel in chunks: one parser call over a few articles parses ~15%
# more words a second than one call each (BENCHMARKS.md). Small enough that
# two workers still share a short input, and a chunk's memory is nothing.
CHUNK_CHARS = 24_000
CHUNK_ARTICLES = 16


def chunked(items: Iterable[Item], max_chars: int = CHUNK_CHARS,
            max_articles: int = CHUNK_ARTICLES) -> Iterator[Union[Item, list[Article]]]:
    """Runs of consecutive articles as lists; every other item on its own, in place."""
    chunk: list[Article] = []
    size = 0
    for item in items:
        if isinstance(item, Article):
            if chunk and (size + len(item.text) > max_chars or len(chunk) >= max_articles):
                yield chunk
                chunk, size = [], 0
            chunk.append(item)
            size += len(item.text)
            continue
        if chunk:
            yield chunk
            chunk, size = [], 0
        yield item
    if chunk:
        yield chunk


# ------------------------------------------------------------------ per process

# One parser per worker process, built on first use. A module-level cache is
# the only way a process pool or Dask worker can keep a model between tasks.
_WORKER_STATE: dict[EngineConfig, tuple[object, object]] = {}


_STATE_LOCK = threading.Lock()  # a Dask worker with several threads must load once


def _worker_state(config: EngineConfig):
    with _STATE_LOCK:
        return _load_state(config)


def _load_state(config: EngineConfig):
    if config not in _WORKER_STATE:
        _WORKER_STATE[config] = (parsing.make_parser(config.models, config.cache, config.threads),
                                 load_rules(config.rules_dir))
    return _WORKER_STATE[config]


def analyse_in_worker(config: EngineConfig, articles: list[Article]) -> list[Outcome]:
    try:
        parser, rules = _worker_state(config)
    except Exception as err:  # e.g. a corrupt model file: fail the articles, say why
        return [_failed(a, "worker could not load models", err) for a in articles]
    return outcomes_for(articles, parser, rules)


def _failed(article: Article, what: str, err: BaseException) -> Outcome:
    first_line = (str(err).splitlines() or [""])[0]
    return Outcome(article.article_id, article.origin,
                   error=f"{article.origin or article.article_id}: {what}: {type(err).__name__}: {first_line}")


def _warm(config: EngineConfig) -> None:
    _worker_state(config)


# ---------------------------------------------------------------------- engines

def _done(value) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def _ordered(items: Iterable[Item], submit, window: int) -> Iterator[Item]:
    """Submit chunks of articles, pass other items through, yield results in input order.

    A task that dies (a worker killed by the OOM killer, a lost Dask worker)
    becomes an error outcome for each of its articles; the run goes on.
    """
    pending: deque[tuple[list[Item], Future]] = deque()
    for entry in chunked(items):
        if isinstance(entry, list):
            pending.append((entry, submit(entry)))
        else:
            pending.append(([entry], _done([entry])))
        while len(pending) >= window:
            yield from _results(*pending.popleft())
    while pending:
        yield from _results(*pending.popleft())


def _results(entry: list[Item], future) -> list[Item]:
    try:
        return future.result()
    except Exception as err:
        return [_failed(item, "worker failed", err) for item in entry]


class SerialEngine:
    """In this process, with a parser already loaded."""

    def __init__(self, parser, rules):
        self.parser, self.rules = parser, rules

    def map(self, items: Iterable[Item]) -> Iterator[Item]:
        for entry in chunked(items):
            if isinstance(entry, list):
                yield from outcomes_for(entry, self.parser, self.rules)
            else:
                yield entry

    def close(self) -> None:
        pass


class ProcessEngine:
    """N worker processes on this machine, one model load each."""

    def __init__(self, config: EngineConfig, workers: int):
        import multiprocessing
        self.config = config
        # spawn, not fork: torch and a forked parent's threads do not mix.
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_warm, initargs=(self.config,))
        self.window = 4 * workers

    def map(self, items: Iterable[Item]) -> Iterator[Item]:
        return _ordered(items, lambda a: self.pool.submit(analyse_in_worker, self.config, a), self.window)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


# Dask's defaults suit numpy tasks of milliseconds, not a parser busy for seconds:
# - its nanny sets MALLOC_TRIM_THRESHOLD_ in each worker, which also turns off
#   glibc's dynamic mmap threshold, so every large PyTorch tensor is mmap'd
#   and unmapped again (None unsets it; the thread limits stay);
# - its statistical profiler samples the task thread's stack every 10 ms.
LOCAL_CLUSTER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}


class DaskEngine:
    """A dask.distributed cluster: ``local`` starts a LocalCluster, else a scheduler address."""

    def __init__(self, config: EngineConfig, scheduler: str, workers: int | None = None):
        from dask.distributed import Client, LocalCluster
        self.cluster = None
        if scheduler == "local":
            import dask
            n = workers or os.cpu_count() or 1
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            self.client = Client(scheduler)
        # Workers resolve paths in their own working directory: send absolute ones.
        self.config = EngineConfig(_absolute(config.models, keep={"bundled", "stanza"}),
                                   _absolute(config.cache), _absolute(config.rules_dir), config.threads)
        n_workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.window = 4 * n_workers

    def map(self, items: Iterable[Item]) -> Iterator[Item]:
        def submit(articles: list[Article]):
            return _DaskFuture(self.client.submit(analyse_in_worker, self.config, articles, pure=False))
        return _ordered(items, submit, self.window)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _absolute(path: str | None, keep: set[str] = frozenset()) -> str | None:
    return path if path is None or path in keep else os.path.abspath(path)


class _DaskFuture:
    """Adapts a Dask future to the ``result()`` call _ordered needs."""

    def __init__(self, future):
        self.future = future

    def result(self):
        return self.future.result()
