# A real SMTP server for the tests: aiosmtpd storing every message in the Maildir named
# by the first argument. It listens on a port of its own choosing and prints
# "listening 127.0.0.1:PORT" once it serves.
import asyncio, socket, sys
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP

sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen()
handler = Mailbox(sys.argv[1])
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(loop.create_server(lambda: SMTP(handler), sock=sock))
print(f"listening 127.0.0.1:{sock.getsockname()[1]}", flush=True)
loop.run_forever()
