"""`python -m tests.reliability.slow_publish_refresh SECONDS`: the refresh of `python -m pipelines.refresh`, pausing
SECONDS between the copy and the atomic rename of its publish, so a test can kill it mid-publish. The pause is
injected through publish()'s before_rename seam; the product code reads no test setting."""
import sys
import time

from infra import publish


def main() -> int:
    delay_s = float(sys.argv[1])
    original = publish.publish

    def slow_publish(work, published, log=None, before_rename=None):
        return original(work, published, log=log, before_rename=lambda: time.sleep(delay_s))

    publish.publish = slow_publish  # the warehouse resource calls infra.publish.publish at publish time
    from pipelines.refresh import main as refresh_main

    return refresh_main()


if __name__ == "__main__":
    sys.exit(main())
