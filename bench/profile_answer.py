"""CPU time of one participant's answer (question page, answer, page after it), in this process,
on a throwaway PostgreSQL cluster, with an optional cProfile of the three requests.

    PYTHONPATH=$PWD .venv/bin/python -m bench.profile_answer [--profile] [--answers N]

The CPU figure is this process's (the app's) alone; PostgreSQL's is not counted here. It is the
steady measure to compare changes with while other work shares the machine.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import time

from bench import inprocess, pg, seed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of the requests")
    parser.add_argument("--answers", type=int, default=124, help="answers to time (default 124)")
    args = parser.parse_args(argv)
    from app.extensions import db

    with pg.cluster() as cluster:
        app = seed.make_app(cluster.url, seed.new_secret_key())
        logging.getLogger("ehsg").setLevel(logging.WARNING)  # no access line per request
        logging.getLogger("alembic").setLevel(logging.WARNING)
        seed.migrate(app)
        with app.app_context():
            live = seed.live_workshop()
            db.session.remove()
        inprocess.participant_requests(app, live, runs=31)  # warm up
        profiler = cProfile.Profile() if args.profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        figures = inprocess.participant_requests(app, live, runs=args.answers)
        if profiler:
            profiler.disable()
        cpu_ms = 1000 * (time.process_time() - started) / args.answers
        for figure in figures:
            print(f"{figure.page}: {figure.median_ms} ms, {figure.queries} queries")
        print(f"app CPU per answer, in process: {cpu_ms:.2f} ms")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
