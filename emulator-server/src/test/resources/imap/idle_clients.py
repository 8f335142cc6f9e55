# Opens N IMAPS connections, logs each in, SELECTs INBOX and enters IDLE; used by ImapBenchmark idle.
# argv: host port cafile n mailboxes password. Prints "ready <n> <seconds>", waits for "go" on stdin,
# then prints "notified <count> <ms>" once every connection saw its EXISTS (or after 60 s).
import asyncio, ssl, sys, time

host, port, cafile, n, boxes, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
ctx = ssl.create_default_context(cafile=cafile)

async def until_tag(r, tag):
    while True:
        line = await r.readline()
        if not line:
            raise ConnectionError('closed')
        if line.startswith(tag):
            return line

async def main():
    setup = asyncio.Semaphore(100)
    idle = 0
    notified = 0
    all_idle = asyncio.Event()
    go = asyncio.Event()
    done = asyncio.Event()
    go_at = [0.0]
    conns = []

    async def one(i):
        nonlocal idle, notified
        async with setup:
            r, w = await asyncio.open_connection(host, port, ssl=ctx, server_hostname='outlook.office365.com')
            conns.append(w)
            await r.readline()
            w.write(f'a1 LOGIN bench{i % boxes}@contoso.com {password}\r\n'.encode())
            line = await until_tag(r, b'a1 ')
            if b'OK' not in line:
                raise RuntimeError(line)
            w.write(b'a2 SELECT INBOX\r\n')
            await until_tag(r, b'a2 ')
            w.write(b'a3 IDLE\r\n')
            await r.readline()
        idle += 1
        if idle == n:
            all_idle.set()
        while True:
            line = await r.readline()
            if line.endswith(b'EXISTS\r\n'):
                break
        notified += 1
        if notified == n:
            done.set()

    start = time.monotonic()
    tasks = [asyncio.create_task(one(i)) for i in range(n)]
    try:
        await asyncio.wait_for(all_idle.wait(), 900)
    except asyncio.TimeoutError:
        errors = [repr(t.exception()) for t in tasks if t.done() and t.exception()]
        print(f'failed {idle} {len(errors)} {errors[:3]}', flush=True)
        return
    print(f'ready {idle} {time.monotonic() - start:.1f}', flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)
    t0 = time.monotonic()
    try:
        await asyncio.wait_for(done.wait(), 60)
    except asyncio.TimeoutError:
        pass
    print(f'notified {notified} {(time.monotonic() - t0) * 1000:.0f}', flush=True)
    for w in conns:
        w.close()

asyncio.run(main())
