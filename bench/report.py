#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Print the table of a bench/run.sh result file (JSON lines):

    bench/report.py bench/results/latest.jsonl [--markdown]

Each dpnet-gen line becomes a row: Mpps offered (accepted by the memif
port) and returned (counted by the generator), the ratio of returned Mpps
to the dpdk-testpmd macswap ceiling of the same frame size and worker
count, and the round-trip latency percentiles. Tests that could not run
show 0 Mpps, ratio 0 and the reason. bench-input lines make a second
table (cycles and instructions per packet).
"""
import json
import sys

CEILING = 'testpmd-macswap'
ORDER = ['testpmd-macswap', 'testpmd-io', 'dpnetd-echo', 'dpnetd-fwd']


def load(path):
    machine, rows, micro = None, [], {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith('{'):
                continue
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if 'machine' in r:
                machine = r['machine']
            elif 'micro' in r:
                micro.setdefault((r['micro'], r['size']), {}).update(r)
            elif 'label' in r:
                rows.append(r)
    return machine, rows, micro


def key(r):
    return (r['label'], r['size'], r['queues'])


def median_runs(rows):
    """One row per test: the run with the median returned rate (the lower
    middle one for an even count); the range goes into the note."""
    groups = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    out, spread = [], {}
    for k, rs in groups.items():
        ran = sorted((r for r in rs if 'skipped' not in r),
                     key=lambda r: r['rx_mpps'])
        if not ran:
            out.append(rs[-1])
            continue
        out.append(ran[(len(ran) - 1) // 2])
        if len(rs) > 1:
            spread[k] = 'median of %d runs (%.3f-%.3f Mpps)%s' % (
                len(ran), ran[0]['rx_mpps'], ran[-1]['rx_mpps'],
                ', %d not run' % (len(rs) - len(ran))
                if len(rs) > len(ran) else '')
    return out, spread


def note(r):
    if 'skipped' in r:
        return 'not run: ' + r['skipped']
    out = []
    if r.get('rx_pkts', 0) == 0:
        out.append('nothing came back')
    if r.get('bounced') and not r['label'].startswith('testpmd'):
        out.append('%d frames came back unprocessed' % r['bounced'])
    if r.get('rx_other'):
        out.append('%d other frames' % r['rx_other'])
    return '; '.join(out)


def us(ns):
    return '%.1f' % (ns / 1000.0)


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    md = '--markdown' in argv
    if len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    machine, rows, micro = load(args[0])
    if machine:
        print('machine: %s, %d CPUs, %d MiB, kernel %s, DPDK %s' % (
            machine['cpu'], machine['cpus'], machine['mem_mb'],
            machine['kernel'], machine['dpdk']))
        print('run: %s, %g s per test after %g s warm-up, hugepages %s, '
              'load average %s at start, git %s' % (
                  machine['date'], machine['duration_s'],
                  machine['warmup_s'], machine['hugepages'],
                  machine.get('loadavg', '?'), machine['git']))
    rows, spread = median_runs(rows)
    ceil = {}
    for r in rows:
        if r['label'] == CEILING and 'skipped' not in r:
            ceil[(r['size'], r['queues'])] = r['rx_mpps']
    rows.sort(key=lambda r: (r['queues'], ORDER.index(r['label'])
                             if r['label'] in ORDER else 99, r['size']))
    head = ['test', 'workers', 'size', 'offered Mpps', 'returned Mpps',
            'ratio', 'p50 us', 'p90 us', 'p99 us', 'p99.9 us', 'note']
    table = []
    for r in rows:
        c = ceil.get((r['size'], r['queues']))
        rx = r.get('rx_mpps', 0.0)
        lat = r.get('lat_ns') if r.get('lat_samples') else None
        table.append([
            r['label'], str(r['queues']), str(r['size']),
            '%.3f' % r.get('tx_mpps', 0.0), '%.3f' % rx,
            '%.2f' % (rx / c) if c else ('0.00' if rx == 0 else '-'),
            us(lat['p50']) if lat else '-', us(lat['p90']) if lat else '-',
            us(lat['p99']) if lat else '-', us(lat['p999']) if lat else '-',
            '; '.join(x for x in (spread.get(key(r), ''), note(r)) if x)])
    emit(head, table, md)
    if micro:
        print()
        head = ['path', 'size', 'cycles/pkt', 'median burst cyc/pkt',
                'ns/pkt', 'Mpps/core', 'instr/pkt', 'frames out/in', 'note']
        table = []
        for (m, size), r in sorted(micro.items()):
            if 'skipped' in r:
                table.append([m, str(size)] + ['-'] * 6 +
                             ['not run: ' + r['skipped']])
                continue
            fin, fout = r.get('frames_in', 0), r.get('frames_out', 0)
            table.append([
                m, str(size),
                '%.1f' % r['cycles_per_pkt'] if 'cycles_per_pkt' in r else '-',
                '%.1f' % r['cycles_per_pkt_p50']
                if 'cycles_per_pkt_p50' in r else '-',
                '%.1f' % r['ns_per_pkt'] if 'ns_per_pkt' in r else '-',
                '%.2f' % r['mpps_per_core'] if 'mpps_per_core' in r else '-',
                '%.0f' % r['instr_per_pkt'] if 'instr_per_pkt' in r else '-',
                '%d/%d' % (fout, fin),
                'the path drops frames' if fin and fout < fin else ''])
        emit(head, table, md)
    return 0


def emit(head, table, md):
    if md:
        print('| ' + ' | '.join(head) + ' |')
        print('|' + '|'.join('---' for _ in head) + '|')
        for row in table:
            print('| ' + ' | '.join(row) + ' |')
        return
    w = [max(len(h), *(len(row[i]) for row in table)) if table else len(h)
         for i, h in enumerate(head)]
    fmt = '  '.join('%%-%ds' % x for x in w[:-1]) + '  %s'
    print(fmt % tuple(head))
    for row in table:
        print((fmt % tuple(row)).rstrip())


if __name__ == '__main__':
    sys.exit(main(sys.argv))
