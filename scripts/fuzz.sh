#!/usr/bin/env bash
# Runs every cargo-fuzz target in turn, one job each, for SECONDS (default 600) apiece.
# Needs `cargo install cargo-fuzz`; the stable toolchain works through RUSTC_BOOTSTRAP.
# Crashes land in fuzz/artifacts/<target>/, each target's log in fuzz/fuzz-<target>.log;
# the corpus grows in fuzz/corpus/<target>/ (only the seed-* files are committed). `import`
# also reads tests/fixtures/import as seeds, so the importer's fixtures are not copied here.
set -euo pipefail
seconds="${1:-600}"
cd "$(dirname "$0")/../fuzz"
# cargo fuzz builds into fuzz/target; a CARGO_TARGET_DIR from the shell would move it.
unset CARGO_TARGET_DIR
export RUSTC_BOOTSTRAP=1
status=0
for target in $(cargo fuzz list); do
    echo "== $target: ${seconds}s"
    # The target's own corpus first (libFuzzer adds what it finds there), then the test
    # fixtures a target also takes as seeds, read only: one copy of each file.
    corpus=("corpus/$target")
    case "$target" in
        import) corpus+=(../tests/fixtures/import) ;;
    esac
    # With -jobs, libFuzzer writes its output to fuzz-0.log.
    cargo fuzz run "$target" "${corpus[@]}" -- -max_total_time="$seconds" -jobs=1 -workers=1 \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 || status=1
    mv fuzz-0.log "fuzz-$target.log"
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|ERROR|panicked" "fuzz-$target.log" || true
done
exit $status
