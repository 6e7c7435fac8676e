"""Country menu benchmark: how long the bot takes to find the options of the profile's holiday
country menu for what someone typed (country_options, what the block_suggestion listener
answers with), in each language. Prints the time to build the indexes (once in a process:
CLDR's names and the holidays package's countries), then for each language the median, the 99th
percentile and the slowest answer over every query typed (nothing, each letter, the first one
to four letters of every country's name, an ISO code, words that find nothing), and the size
of the largest answer as JSON. (The slowest is mostly the machine putting the thread aside
for a few milliseconds.)

    python -m benchmarks.country_menu [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from string import ascii_lowercase

from bot.blocks.profile import country_options
from bot.config import SUPPORTED_LOCALES
from bot.country_search import country_index
from bot.locale_names import countries_by_name


def queries(locale: str) -> list[str]:
    """What people type: nothing, a letter, the start of a name, a code, a miss."""
    starts = {name[:length] for _, name in countries_by_name(locale) for length in range(1, 5)}
    return ["", *ascii_lowercase, *sorted(starts), "SE", "no", "ÖSTERR", "xyzzy", "sweden!!"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="answers timed per query")
    args = parser.parse_args()

    started = time.perf_counter()
    for locale in SUPPORTED_LOCALES:
        country_index(locale)
    print(f"indexes built in {(time.perf_counter() - started) * 1000:.0f} ms")

    for locale in SUPPORTED_LOCALES:
        times: list[float] = []
        largest = 0
        typed = queries(locale)
        for query in typed:
            for _ in range(args.repeat):
                began = time.perf_counter()
                options = country_options(query, locale)
                times.append(time.perf_counter() - began)
            largest = max(largest, len(json.dumps({"options": options})))
        times.sort()
        print(
            f"{locale}: {len(typed)} queries x {args.repeat}: "
            f"median {statistics.median(times) * 1e6:.0f} µs, "
            f"p99 {times[int(len(times) * 0.99)] * 1e6:.0f} µs, "
            f"slowest {times[-1] * 1e6:.0f} µs; largest answer {largest / 1024:.1f} KB"
        )


if __name__ == "__main__":
    main()
