# Sourced by the shell tests that check refusals: fail and expect_exit2 (the
# caller sets $work, a scratch folder).
fail() { echo "FAIL: $*"; exit 1; }
expect_exit2() {  # expect_exit2 WHAT GREP-PATTERN COMMAND...
  local what=$1 pattern=$2; shift 2
  local status=0
  "$@" > "$work/out" 2> "$work/err" || status=$?
  [ $status -eq 2 ] || { cat "$work/err"; fail "$what: exit $status, expected 2"; }
  grep -q -- "$pattern" "$work/err" || { cat "$work/err"; fail "$what: message lacks '$pattern'"; }
}
