#!/usr/bin/env bash
# The README's test command: installs the Debian packages the tests need when they are missing, then runs every test
# (`dotnet test Ml2.sln -c Release`, extra arguments passed on, e.g. `./test.sh --filter FullyQualifiedName~Sqlite`).
#
# Missing packages are installed with apt-get when this runs as root. Otherwise nothing is run: the script prints the
# exact `sudo apt-get install ...` command and exits 3, so a test run never fails half-way for a missing program.
#
# To add a requirement, add one line to REQUIREMENTS below: the Debian package and a shell test that succeeds when
# what the tests need from it is present.
#
# For tests of this script only (tests/Ml2.Docs.Tests/TestScriptTests.cs):
#   ML2_TEST_SH_MISSING  when set (even empty), the packages to treat as missing instead of probing the machine
#   ML2_TEST_SH_UID      the user id to act as instead of `id -u` (0 = root)
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# package | present when
REQUIREMENTS=(
  # PostgreSQL server binaries: tests start throwaway servers with initdb/pg_ctl (tests/Ml2.TestUtilities/PostgreSql);
  # ML2_PG_BIN may name a directory holding them instead. As root, the servers run as the package's postgres user.
  'postgresql|{ [[ -n "${ML2_PG_BIN:-}" && -x "${ML2_PG_BIN}/initdb" ]] || compgen -G "/usr/lib/postgresql/*/bin/initdb"; }'
  # The real OpenStack clients driven by the REST host's ClientSmokeTests (../shared/client/client_smoke.sh).
  'python3-openstackclient|[[ -x /usr/bin/openstack ]]'
  'python3-octaviaclient|/usr/bin/python3 -c "import octaviaclient"'
)

missing_packages() {
  if [[ -n "${ML2_TEST_SH_MISSING+set}" ]]; then
    echo "${ML2_TEST_SH_MISSING}"
    return
  fi
  local requirement package check missing=()
  for requirement in "${REQUIREMENTS[@]}"; do
    package=${requirement%%|*}
    check=${requirement#*|}
    if ! eval "$check" > /dev/null 2>&1; then
      missing+=("$package")
    fi
  done
  echo "${missing[*]}"
}

read -r -a missing <<< "$(missing_packages)"
if (( ${#missing[@]} > 0 )); then
  uid=${ML2_TEST_SH_UID:-$(id -u)}
  if [[ "$uid" != 0 ]]; then
    {
      echo "The tests need Debian packages that are missing: ${missing[*]}"
      echo "Install them, then run ./test.sh again:"
      echo
      echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
      echo
    } >&2
    exit 3
  fi
  echo "Installing the Debian packages the tests need: ${missing[*]}"
  if ! apt-get update -qq || ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null; then
    echo "error: 'apt-get install -y ${missing[*]}' failed; no test was run" >&2
    exit 3
  fi
fi

exec dotnet test Ml2.sln -c Release "$@"
