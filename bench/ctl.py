#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A small client of dpnetd's ctl socket for bench/run.sh: sends request
lines (arguments, or stdin when none) over one connection, one at a time,
and prints every reply as "> REQUEST" then the data or "error TEXT".

    bench/ctl.py /run/dpnet-bench/ctl ipifc/stats
    bench/gen_routes.sh | bench/ctl.py --quiet /run/dpnet-bench/ctl

Exit status: 0 when every request got "ok", 1 when at least one got
"error" (all lines are still sent), 2 when the socket cannot be used.
"""
import socket
import sys


def read_reply(f):
    """One reply: (True, data) or (False, error text)."""
    data = b''
    while True:
        head = f.readline()
        if not head:
            raise EOFError('connection closed')
        word, _, rest = head.rstrip(b'\n').partition(b' ')
        if word == b'error':
            return False, rest.decode(errors='replace')
        if word not in (b'ok', b'more'):
            raise ValueError('bad reply header %r' % head)
        n = int(rest)
        chunk = f.read(n)
        if len(chunk) != n:
            raise EOFError('short reply')
        data += chunk
        if word == b'ok':
            return True, data.decode(errors='replace')


def main(argv):
    quiet = False
    args = argv[1:]
    if args and args[0] == '--quiet':
        quiet = True
        args = args[1:]
    if not args:
        print('usage: ctl.py [--quiet] SOCKET [REQUEST...]', file=sys.stderr)
        return 2
    path, lines = args[0], args[1:]
    if not lines:
        lines = [l.rstrip('\n') for l in sys.stdin if l.strip()]
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(path)
    except OSError as e:
        print('ctl.py: %s: %s' % (path, e), file=sys.stderr)
        return 2
    f = s.makefile('rwb')
    failed = 0
    try:
        for line in lines:
            f.write(line.encode() + b'\n')
            f.flush()
            ok, text = read_reply(f)
            if not ok:
                failed += 1
                print('> %s\nerror %s' % (line, text))
            elif not quiet:
                print('> %s' % line)
                if text:
                    sys.stdout.write(text if text.endswith('\n')
                                     else text + '\n')
    except (OSError, EOFError, ValueError) as e:
        print('ctl.py: %s: %s' % (path, e), file=sys.stderr)
        return 2
    finally:
        s.close()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
