#!/usr/bin/env python3
"""Small servers and clients the gateway tests run inside the namespaces.

    netprobe.py serve tcp|udp ADDR PORT [--count N]   answer N requests with "PEER LOCAL DATA"
    netprobe.py ask tcp|udp HOST PORT MESSAGE         send MESSAGE, print the answer
    netprobe.py frames IFACE HEX [HEX...]            send raw Ethernet frames
    netprobe.py ftp-serve ADDR PORT SIZE [--count N]  a minimal FTP server offering data.bin
    netprobe.py ftp-get HOST PORT SIZE passive|active retrieve data.bin and check it

Servers print "ready" once they listen and stop after --count requests or --timeout
seconds (default 20). Every socket operation has a timeout (--timeout, default 5 s for
clients), so nothing waits forever. Exit status 0 on success, 1 on a failed check or
timeout, 2 on bad usage.
"""
import argparse
import socket
import sys


def content(size):
    """The bytes of data.bin: a fixed pattern that a truncated or shifted copy fails."""
    return bytes((i * 7 + i // 251) % 256 for i in range(size))


def out(text):
    print(text, flush=True)


def serve(args):
    udp = args.proto == "udp"
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if udp else socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((args.addr, args.port))
    if not udp:
        s.listen(8)
    s.settimeout(args.timeout)
    out("ready")
    for _ in range(args.count):
        if udp:
            data, peer = s.recvfrom(2048)
            local = s.getsockname()
            line = f"{peer[0]}:{peer[1]} {local[0]}:{local[1]} {data.decode(errors='replace')}"
            s.sendto(line.encode(), peer)
        else:
            conn, peer = s.accept()
            with conn:
                conn.settimeout(args.timeout)
                data = conn.recv(2048)
                local = conn.getsockname()
                line = f"{peer[0]}:{peer[1]} {local[0]}:{local[1]} {data.decode(errors='replace')}"
                conn.sendall(line.encode())
        out(line)
    return 0


def ask(args):
    if args.proto == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(args.timeout)
        s.sendto(args.message.encode(), (args.host, args.port))
        data, _ = s.recvfrom(2048)
    else:
        s = socket.create_connection((args.host, args.port), timeout=args.timeout)
        s.sendall(args.message.encode())
        data = s.recv(2048)
    out(data.decode(errors="replace"))
    return 0


def frames(args):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((args.iface, 0))
    for text in args.hex:
        s.send(bytes.fromhex(text))
    out(f"sent {len(args.hex)}")
    return 0


class FtpSession:
    """One control connection: enough of RFC 959 (and EPSV/EPRT) for ftplib's retrbinary."""

    def __init__(self, conn, data, timeout):
        self.conn = conn
        self.data = data
        self.timeout = timeout
        self.passive = None
        self.active = None
        self.buffer = b""

    def reply(self, text):
        self.conn.sendall((text + "\r\n").encode())

    def line(self):
        while b"\r\n" not in self.buffer:
            chunk = self.conn.recv(4096)
            if not chunk:
                return None
            self.buffer += chunk
        text, self.buffer = self.buffer.split(b"\r\n", 1)
        return text.decode(errors="replace")

    def open_data(self):
        if self.passive is not None:
            conn, _ = self.passive.accept()
            self.passive.close()
            self.passive = None
            return conn
        if self.active is not None:
            # Active data connections come from the port below the control port (20 for
            # 21), which is what a NAT's FTP support expects.
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((self.conn.getsockname()[0], self.conn.getsockname()[1] - 1))
            s.settimeout(self.timeout)
            s.connect(self.active)
            self.active = None
            return s
        return None

    def run(self):
        self.reply("220 netprobe FTP")
        while True:
            text = self.line()
            if text is None:
                return
            verb, _, arg = text.partition(" ")
            verb = verb.upper()
            if verb == "USER":
                self.reply("331 Password required")
            elif verb == "PASS":
                self.reply("230 Logged in")
            elif verb in ("TYPE", "MODE", "STRU"):
                self.reply("200 OK")
            elif verb == "SYST":
                self.reply("215 UNIX Type: L8")
            elif verb == "PWD":
                self.reply('257 "/"')
            elif verb == "NOOP":
                self.reply("200 OK")
            elif verb == "SIZE":
                self.reply(f"213 {len(self.data)}" if arg == "data.bin" else "550 No such file")
            elif verb in ("PASV", "EPSV"):
                listener = socket.socket()
                listener.bind((self.conn.getsockname()[0], 0))
                listener.listen(1)
                listener.settimeout(self.timeout)
                self.passive = listener
                host, port = listener.getsockname()
                if verb == "EPSV":
                    self.reply(f"229 Entering Extended Passive Mode (|||{port}|)")
                else:
                    self.reply(f"227 Entering Passive Mode ({host.replace('.', ',')},{port >> 8},{port & 255})")
            elif verb == "PORT":
                fields = arg.split(",")
                if len(fields) != 6:
                    self.reply("501 Bad PORT")
                    continue
                self.active = (".".join(fields[:4]), int(fields[4]) * 256 + int(fields[5]))
                self.reply("200 PORT OK")
            elif verb == "EPRT":
                parts = arg.split(arg[:1]) if arg else []
                if len(parts) < 4:
                    self.reply("501 Bad EPRT")
                    continue
                self.active = (parts[2], int(parts[3]))
                self.reply("200 EPRT OK")
            elif verb == "RETR":
                if arg != "data.bin":
                    self.reply("550 No such file")
                    continue
                self.reply("150 Opening data connection")
                conn = self.open_data()
                if conn is None:
                    self.reply("425 Use PORT or PASV first")
                    continue
                with conn:
                    conn.sendall(self.data)
                self.reply("226 Transfer complete")
                out(f"sent {len(self.data)} to {self.conn.getpeername()[0]}")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Not implemented")


def ftp_serve(args):
    data = content(args.size)
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((args.addr, args.port))
    s.listen(4)
    s.settimeout(args.timeout)
    out("ready")
    for _ in range(args.count):
        conn, _ = s.accept()
        with conn:
            conn.settimeout(args.timeout)
            FtpSession(conn, data, args.timeout).run()
    return 0


def ftp_get(args):
    import ftplib

    ftp = ftplib.FTP(timeout=args.timeout)
    ftp.connect(args.host, args.port)
    ftp.login("anonymous", "test@example.org")
    ftp.set_pasv(args.mode == "passive")
    chunks = []
    ftp.retrbinary("RETR data.bin", chunks.append)
    ftp.quit()
    data = b"".join(chunks)
    if data != content(args.size):
        out(f"mismatch: got {len(data)} bytes")
        return 1
    out(f"ok {len(data)}")
    return 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve")
    p.add_argument("proto", choices=["tcp", "udp"])
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--timeout", type=float, default=20)
    p.set_defaults(run=serve)
    p = sub.add_parser("ask")
    p.add_argument("proto", choices=["tcp", "udp"])
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("message")
    p.add_argument("--timeout", type=float, default=5)
    p.set_defaults(run=ask)
    p = sub.add_parser("frames")
    p.add_argument("iface")
    p.add_argument("hex", nargs="+")
    p.set_defaults(run=frames)
    p = sub.add_parser("ftp-serve")
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("size", type=int)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--timeout", type=float, default=20)
    p.set_defaults(run=ftp_serve)
    p = sub.add_parser("ftp-get")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("size", type=int)
    p.add_argument("mode", choices=["passive", "active"])
    p.add_argument("--timeout", type=float, default=5)
    p.set_defaults(run=ftp_get)
    args = parser.parse_args()
    try:
        return args.run(args)
    except Exception as failure:  # every failure is a failed check, reported on stderr
        print(f"{args.command}: {failure}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
