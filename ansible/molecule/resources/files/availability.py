"""Sample GET /api/health twice a second into a log (time, 1 answered / 0 not): update downtime."""

import sys
import time
import urllib.request

url, log = sys.argv[1], sys.argv[2]
with open(log, "w") as out:
    while True:
        t = time.time()
        try:
            urllib.request.urlopen(url, timeout=1).close()
            ok = 1
        except Exception:
            ok = 0
        out.write(f"{t:.2f} {ok}\n")
        out.flush()
        time.sleep(0.5)
