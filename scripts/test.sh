#!/usr/bin/env bash
# npm test: every project (unit, config, conformance, faults, breakages) against the stack as it ships, with
# Alloy; then the pipeline suites (fixtures/gate/suite-globs.ts) again, unchanged, against the variant with the
# OpenTelemetry Collector in Alloy's place. Both passes always run; the status is the first failure's.
# Arguments go to both passes: `npm test -- suites/logs.test.ts`.
set -uo pipefail
status=0
vitest run "$@" || status=$?
echo
echo "npm test: the pipeline suites again, against the OpenTelemetry Collector (OBS_HARNESS_PIPELINE=otelcol)"
OBS_HARNESS_PIPELINE=otelcol vitest run --passWithNoTests "$@" || { code=$?; [ "$status" -ne 0 ] || status=$code; }
exit "$status"
