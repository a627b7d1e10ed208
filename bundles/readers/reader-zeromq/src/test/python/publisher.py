"""A ZeroMQ publisher on libzmq (Debian's python3-zmq), the peer the reader's tests talk to.

    python3 publisher.py PORT      binds tcp://127.0.0.1:PORT (0: a free port) and prints the port

Then one command per line on standard input, each answered by one line on standard output:

    probe HEX        sends the message HEX every 20 ms until the next command ("ok probe")
    send FILE [TOPIC] sends every message of FILE (4-byte big-endian length, then the bytes), as
                     [TOPIC, message] when a topic is given ("sent N")
    big N            sends one message of N zero bytes ("sent 1")

The end of standard input ends it.
"""
import os
import select
import struct
import sys

import zmq


def main():
    ctx = zmq.Context()
    pub = ctx.socket(zmq.PUB)
    pub.setsockopt(zmq.SNDHWM, 1000000)
    pub.setsockopt(zmq.LINGER, 5000)
    port = int(sys.argv[1])
    if port == 0:
        port = pub.bind_to_random_port('tcp://127.0.0.1')
    else:
        pub.bind('tcp://127.0.0.1:%d' % port)
    print(port, flush=True)
    probe = None
    pending = b''
    fd = sys.stdin.fileno()
    while True:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if not ready:
            if probe is not None:
                pub.send(probe)
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        pending += chunk
        while b'\n' in pending:
            line, pending = pending.split(b'\n', 1)
            words = line.decode().split()
            if not words:
                continue
            probe = None
            if words[0] == 'probe':
                probe = bytes.fromhex(words[1])
                print('ok probe', flush=True)
            elif words[0] == 'send':
                with open(words[1], 'rb') as f:
                    data = f.read()
                n = 0
                at = 0
                while at < len(data):
                    (size,) = struct.unpack('>I', data[at:at + 4])
                    message = data[at + 4:at + 4 + size]
                    at += 4 + size
                    if len(words) > 2:
                        pub.send_multipart([words[2].encode(), message])
                    else:
                        pub.send(message)
                    n += 1
                print('sent %d' % n, flush=True)
            elif words[0] == 'big':
                pub.send(bytes(int(words[1])))
                print('sent 1', flush=True)
            else:
                print('unknown ' + words[0], flush=True)
    pub.close()
    ctx.term()


main()
