#!/usr/bin/python3
"""Merges the Neutron harness JSON and BenchmarkDotNet JSON of benchmarks/compare/run.sh into one Markdown table,
prints it and rewrites the <!-- compare:begin --> ... <!-- compare:end --> section of docs/performance.md."""
import argparse, datetime, glob, json, os, platform, re, subprocess

ap = argparse.ArgumentParser()
ap.add_argument('--dir', required=True)
ap.add_argument('--quick', type=int, default=0)
ap.add_argument('--elapsed', type=int, default=0)
ap.add_argument('--doc')
ap.add_argument('--started', type=int, help='the run\'s start, seconds since the epoch (default: now)')
a = ap.parse_args()
started = datetime.datetime.fromtimestamp(a.started if a.started else datetime.datetime.now().timestamp(), datetime.timezone.utc).strftime('%Y-%m-%d %H:%M')

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return '?'

# ---- Neutron
neutron = {}
try:
    for r in json.load(open(os.path.join(a.dir, 'neutron.json'))):
        neutron[r['id']] = r
except (OSError, ValueError):
    pass

def nop(scenario, op, field='p50_us', last=False):
    r = neutron.get(scenario)
    if not r or r.get('error'):
        return None, None
    hits = [o for o in r['ops'] if o['op'] == op]
    if not hits:
        return None, None
    o = hits[-1] if last else hits[0]
    return o.get(field), o

# ---- ours (BenchmarkDotNet, ns)
ours = {}
for f in glob.glob(os.path.join(a.dir, 'bdn', 'results', '*.json')):
    for b in json.load(open(f)).get('Benchmarks', []):
        st = b.get('Statistics') or {}
        if 'Median' in st:
            ours[(b['Type'], b['Method'], b.get('Parameters', ''))] = st['Median']

def us(ns):
    return None if ns is None else ns / 1000.0

def fmt(v_us):
    if v_us is None:
        return 'n/a'
    if v_us >= 1e6:
        return '%.2f s' % (v_us / 1e6)
    if v_us >= 1e3:
        return '%.2f ms' % (v_us / 1e3)
    if v_us >= 1:
        return '%.2f us' % v_us
    return '%.1f ns' % (v_us * 1e3)

def ratio(n, o):
    if n is None or o is None or o <= 0:
        return 'n/a'
    r = n / o
    return ('%.0fx' % r) if r >= 10 else ('%.1fx' % r)

rows = []
def row(name, n_us, mem_ns, sql_ns, note=''):
    m, s = us(mem_ns), us(sql_ns)
    rows.append('| %s | %s | %s | %s | %s / %s |%s' % (name, fmt(n_us), fmt(m), fmt(s), ratio(n_us, m), ratio(n_us, s),
                                                    (' ' + note + ' |') if note is not None else ''))

B = 'ml2/mem/bench_bindany'
def ml2(name, op, method, last=False):
    n, _ = nop(B, op, last=last)
    row(name, n, ours.get(('CompareMl2Benchmark', method, 'Store=memory')),
        ours.get(('CompareMl2Benchmark', method, 'Store=sqlite')), '')

ml2('create_network (tenant VLAN)', 'create_network', 'CreateNetwork')
ml2('delete_network (tenant VLAN)', 'delete_network', 'DeleteNetwork')
ml2('create_port, no subnet', 'create_port (no subnet)', 'CreatePortNoSubnet')
ml2('create_port, IPv4 subnet', 'create_port (IPv4 subnet)', 'CreatePortIpv4Subnet')
ml2('create_port, IPv4 subnet, bound at create', 'create_port (IPv4 subnet, host at create)', 'CreatePortBoundAtCreate')
ml2('update_port binding:host_id (binds)', 'update_port binding:host_id (bind)', 'UpdatePortBindingHost')
ml2('delete_port, bound', 'delete_port (IPv4 subnet, bound)', 'DeleteBoundPort', last=True)

# VLAN: whole cycle (wall of allocate-all + wall of release-all)
_, va = nop('type/vlan', 'vlan allocate_tenant_segment')
_, vr = nop('type/vlan', 'vlan release_segment')
vn = (va['wall_s'] + vr['wall_s']) * 1e6 if va and vr else None
row('VLAN allocate all 4,094 + release all (one transaction each)', vn,
    ours.get(('CompareVlanBenchmark', 'VlanAllocateAllThenReleaseAll', 'Store=memory')),
    ours.get(('CompareVlanBenchmark', 'VlanAllocateAllThenReleaseAll', 'Store=sqlite')), '')

for size in (10000, 100000, 1000000, 16777215):
    sid = 'type/vxlan/%d' % size
    ns, _ = nop(sid, 'vxlan initialize/sync %d VNIs (empty table)' % size)
    row('VXLAN set-up, %s VNIs' % format(size, ','), ns,
        ours.get(('CompareVxlanSetupBenchmark', 'SetUpAndAllocateFirst', 'Store=memory&Vnis=%d' % size)),
        ours.get(('CompareVxlanSetupBenchmark', 'SetUpAndAllocateFirst', 'Store=sqlite&Vnis=%d' % size)),
        'Neutron: initialize/sync on an empty table; ours: build + start the plugin and create the first network')
    al, alo = nop(sid, 'vxlan allocate_tenant_segment (pool %d)' % size)
    rl, _ = nop(sid, 'vxlan release_segment (pool %d)' % size)
    note = 'p50 allocate + p50 release'
    if alo and alo.get('truncated_after_s'):
        note += '; Neutron allocated only %d in its %ss box' % (alo['n'], alo['truncated_after_s'])
    row('VXLAN allocate + release, %s VNIs' % format(size, ','), (al + rl) if al and rl else None,
        ours.get(('CompareSegmentBenchmark', 'VxlanAllocateRelease', 'Store=memory&Vnis=%d' % size)),
        ours.get(('CompareSegmentBenchmark', 'VxlanAllocateRelease', 'Store=sqlite&Vnis=%d' % size)), note)

for k, sid, label in ((0, 'mechcount/0 drivers', '0 x none'), (1, 'mechcount/1xnoop', '1 x noop'), (4, 'mechcount/4xnoop', '4 x noop')):
    n, _ = nop(sid, 'MechanismManager create_port pre+post [%s]' % label)
    d = ours.get(('DispatcherBenchmark', 'PrecommitAndPostcommit', 'Drivers=%d' % k))
    row('dispatcher: create_port pre+post, %d no-op drivers' % k, n, d, None, 'no store involved (same figure)')

# Neutron on a sqlite file (full mode): the fairer reference for the SQLite column.
F = 'ml2/file/logger+test'
file_lines = []
if F in neutron and not neutron[F].get('error'):
    for label, op, method in (('create_network', 'create_network', 'CreateNetwork'),
                              ('delete_network', 'delete_network', 'DeleteNetwork'),
                              ('create_port, no subnet', 'create_port (no subnet)', 'CreatePortNoSubnet'),
                              ('create_port, IPv4 subnet', 'create_port (IPv4 subnet)', 'CreatePortIpv4Subnet'),
                              ('create_port, bound at create', 'create_port (IPv4 subnet, host at create)', 'CreatePortBoundAtCreate'),
                              ('delete_port, bound', 'delete_port (IPv4 subnet, bound)', 'DeleteBoundPort')):
        n, _ = nop(F, op)
        o = us(ours.get(('CompareMl2Benchmark', method, 'Store=sqlite')))
        file_lines.append('| %s | %s | %s | %s |' % (label, fmt(n), fmt(o), ratio(n, o)))

# ---- peak RSS
def maxrss(path):
    try:
        m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', open(path).read())
        return int(m.group(1)) / 1024.0 if m else None
    except OSError:
        return None

npk = [(r['peak_rss_kib'] / 1024.0, i) for i, r in neutron.items() if r.get('peak_rss_kib')]
mem_lines = []
if npk:
    pk, who = max(npk)
    mem_lines.append('- Neutron: largest child peak %.0f MiB (`%s`); per child: %s; `/usr/bin/time -v` of the whole harness: %s MiB.'
                     % (pk, who, ', '.join('%s %.0f' % (i, v) for v, i in sorted(npk, key=lambda t: t[1])),
                        ('%.0f' % maxrss(os.path.join(a.dir, 'neutron.time'))) if maxrss(os.path.join(a.dir, 'neutron.time')) else 'n/a'))
for store in ('memory', 'sqlite'):
    v = maxrss(os.path.join(a.dir, 'ours-%s.time' % store))
    mem_lines.append('- Ours, %s store, whole process (`compare-workload --store %s`: VXLAN pool 1..16,777,215, 100 networks, 400 ports incl. bound ones, all 4,094 VLANs and 10,000 VXLAN networks created and deleted): **%s MiB** peak RSS.'
                     % (store, store, ('%.0f' % v) if v else 'n/a'))

# ---- environment
cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
ram = sh("free -g | awk '/Mem:/{print $2}'")
env = ('%s UTC; %s x %s, %s GiB RAM, %s; .NET %s; python3-neutron %s; sqlite %s (Neutron, Python) / SQLitePCLRaw bundle (ours); BenchmarkDotNet 0.14.0'
       % ('run started ' + started, sh('nproc'), cpu, ram, platform.platform(),
          sh('dotnet --version'), sh("dpkg-query -W -f='${Version}' python3-neutron"),
          sh("/usr/bin/python3 -c 'import sqlite3; print(sqlite3.sqlite_version)'")))

table = ['| Operation | Neutron median (p50) | ours, in-memory | ours, SQLite file | ratio Neutron / ours (in-memory / SQLite) | note |',
         '|---|---|---|---|---|---|'] + rows
mode = ('`--quick` (Neutron: a subset of scenarios with small N; ours: BenchmarkDotNet in-process, 1 warm-up + 3 iterations of 100 ms; smoke-test quality)'
        if a.quick else 'full (Neutron: full N; ours: BenchmarkDotNet ShortRun job)')

PLACEMENT_BEGIN, PLACEMENT_END = '<!-- compare:placement:begin -->', '<!-- compare:placement:end -->'
if a.quick:
    # Placement and PostgreSQL are not re-run: the block of the last full run is carried over from the document.
    previous = ''
    if a.doc and os.path.exists(a.doc):
        m = re.search(re.escape(PLACEMENT_BEGIN) + r'.*?' + re.escape(PLACEMENT_END), open(a.doc).read(), flags=re.S)
        previous = m.group(0) if m else ''
    extra = ('Placement and PostgreSQL figures are **not re-run in `--quick`**; below, unchanged, those of the last full run '
             '(its date is in the block):\n\n' + (previous or '(no full run recorded yet: run `benchmarks/compare/run.sh`)'))
else:
    pl, pm = [], {}
    latency = {}
    try:
        for line in open(os.path.join(a.dir, 'placement.log')):
            m = re.search(r'Per-placement latency at (\d+) devices: p50 ([\d.]+) us, p90 ([\d.]+) us, p99 ([\d.]+) us', line)
            if m:
                latency[int(m.group(1))] = (float(m.group(2)), float(m.group(4)))
    except OSError:
        pass
    for f in glob.glob(os.path.join(a.dir, 'bdn-placement', 'results', '*.json')):
        for b in json.load(open(f)).get('Benchmarks', []):
            st = b.get('Statistics') or {}
            if 'Median' not in st:
                continue
            med = st['Median'] / 1000
            params = b.get('Parameters', '')
            pm[(b['Type'], params)] = med
            allocated = (b.get('Memory') or {}).get('BytesAllocatedPerOperation')
            goal = ''
            if b['Type'] == 'PlacementThroughputBenchmark':
                rate = 1e6 / med
                goal = '%s placements/s (goal >= 100,000/s: %s)' % (format(int(rate), ','), 'met' if rate >= 100000 else '**missed**')
            else:
                devices = int(params.split('=')[1]) if params.startswith('Devices=') else 0
                if devices in latency:
                    p50, p99 = latency[devices]
                    goal = 'place only: p50 %.1f us, p99 %.1f us' % (p50, p99)
                    if devices == 10000:
                        goal += ' (goal p99 <= 100 us: %s)' % ('met' if p99 <= 100 else '**missed**')
                if devices == 10000:
                    goal += '; goal median <= 20 us: %s' % ('met' if med <= 20 else '**missed**')
            pl.append('| %s.%s [%s] | %s | %s | %s |' % (b['Type'], b['Method'], params, fmt(med),
                                                         ('%s B' % format(int(allocated), ',')) if allocated is not None else 'n/a', goal))
    g1, g100 = pm.get(('PlacementBenchmark', 'Devices=1000')), pm.get(('PlacementBenchmark', 'Devices=100000'))
    if g1 and g100:
        pl.append('| growth 1k -> 100k devices (median) | %.2fx | | goal <= 2x: %s |' % (g100 / g1, 'met' if g100 / g1 <= 2 else '**missed**'))
    try:
        pg = [l for l in open(os.path.join(a.dir, 'pg.log')).read().splitlines() if l.strip()][-12:]
    except OSError:
        pg = ['(pg-throughput did not run)']
    total = re.search(r'total: (\d+) create_port/s', '\n'.join(pg))
    anomalies = re.search(r'anomalies: (\d+)', '\n'.join(pg))
    pg_goal = ('**%s create_port/s, %s anomalies: goal %s**' % (format(int(total.group(1)), ','), anomalies.group(1),
               'met' if int(total.group(1)) >= 2000 and anomalies.group(1) == '0' else 'missed')) if total and anomalies else '**no result: goal not shown met**'
    extra = '\n'.join([
        PLACEMENT_BEGIN,
        'From the full run started %s UTC.' % started,
        '',
        'Placement (goals: place + release median <= 20 us and place p99 <= 100 us at 10k devices, growth 1k -> 100k <= 2x; '
        '8 threads: >= 100,000 placements/s, zero overcommit):',
        '',
        '| Benchmark (ShortRun) | Median (per placement; the 8-thread one is wall time per placement over all threads) | Allocated per operation | against the goal |',
        '|---|---|---|---|',
        *(pl or ['| (no results) | | | |']),
        '',
        '(The 8-thread benchmark throws if any device ends over capacity, so a result means zero overcommit. p50/p99 are '
        'per single placement, timed after the BenchmarkDotNet run.)',
        '',
        'PostgreSQL two-instance throughput, `pg-throughput --seconds 10` (goal: >= 2,000 create_port/s, 0 anomalies), last lines of its output:',
        '',
        '```', *pg, '```', '', pg_goal,
        PLACEMENT_END])

section = '\n'.join([
    '## Neutron 21.0.0 vs. this SDK (`benchmarks/compare/run.sh`)', '',
    'Generated by `benchmarks/compare/run.sh%s` (%s s for the whole run). Mode: %s.' % (' --quick' if a.quick else '', a.elapsed, mode), '',
    'Machine and versions: ' + env + '.', '',
    'Neutron: the ML2 plugin in-process on in-memory sqlite (`../shared/peer/neutron_ml2_bench.py`, plugin ops from the `bench_bindany` variant: one no-op driver that binds any port; dispatcher rows from `mechcount/*`). Ours: the plugin with 4 no-op mechanism drivers (the last binds), tenant VLAN networks, a /16 IPv4 subnet, medians from BenchmarkDotNet (`Compare*Benchmark`, `DispatcherBenchmark`). Differences: Neutron puts its ports on a VXLAN network, ours on a VLAN one; Neutron\'s delete_network does not release the segment in the harness (see its README), ours does.', '',
    *table, '',
    *(['Neutron on a sqlite **file** (`ml2/file/logger+test`: oslo.db NullPool, synchronous=FULL, an fsync per commit; '
       'ours: WAL, synchronous=NORMAL) against our SQLite file store:', '',
       '| Operation | Neutron, sqlite file (p50) | ours, SQLite file | ratio |', '|---|---|---|---|'] + file_lines + ['']
      if file_lines else ['The SQLite ratio above is against Neutron on **in-memory** sqlite; the full run adds Neutron on a sqlite file.', '']),
    'Peak memory:', *mem_lines, '',
    extra,
])

print(section)
if a.doc:
    doc = open(a.doc).read()
    block = '<!-- compare:begin -->\n' + section + '\n<!-- compare:end -->'
    if '<!-- compare:begin -->' in doc:
        doc = re.sub(r'<!-- compare:begin -->.*?<!-- compare:end -->', lambda m: block, doc, flags=re.S)
    else:
        doc = doc.rstrip('\n') + '\n\n' + block + '\n'
    open(a.doc, 'w').write(doc)
