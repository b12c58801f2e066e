--TEST--
Swoole\Client (sync TCP) against a Swoole\Server: connect, send/recv byte-exact, MSG_WAITALL across delayed pieces, recv timeout keeps later data, names, close and reconnect, refused connect, async refused, not connected
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if (preg_match('/^PIECES (\d+) (\d+)\n$/', $data, $m)) {
        /* $m[1] pieces of $m[2] bytes, 100 ms apart */
        for ($i = 0; $i < $m[1]; $i++) {
            $server->send($fd, str_repeat(chr(ord('a') + $i), (int) $m[2]));
            usleep(100000);
        }
        return;
    }
    if (preg_match('/^LATE (\d+)\n$/', $data, $m)) {
        usleep((int) $m[1] * 1000);
        $server->send($fd, "late reply\n");
        return;
    }
    $server->send($fd, $data);
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 1]);

$c = new Swoole\Client(SWOOLE_SOCK_TCP);
swt_check($c->isConnected() === false && $c->sock === -1, 'not connected before connect()');
swt_check($c->connect('127.0.0.1', $s->port, 2.0) === true && $c->isConnected() && $c->sock > 2, 'connect()');
$data = random_bytes(3000) . "\0\r\n";
swt_check($c->send($data) === strlen($data), 'send() returns the byte count');
$got = $c->recv(strlen($data), Swoole\Client::MSG_WAITALL);
swt_check($got === $data, 'echo received byte-exact', swt_diff_at($data, (string) $got));

$me = $c->getsockname();
$peer = $c->getpeername();
swt_check($me['host'] === '127.0.0.1' && $me['port'] > 0 && $peer === ['host' => '127.0.0.1', 'port' => $s->port], 'getsockname()/getpeername()', json_encode([$me, $peer]));

/* MSG_WAITALL gathers 3 pieces sent 100 ms apart; without it recv returns the first piece */
$c->send("PIECES 3 1000\n");
$t0 = microtime(true);
$got = $c->recv(3000, Swoole\Client::MSG_WAITALL);
swt_check($got === str_repeat('a', 1000) . str_repeat('b', 1000) . str_repeat('c', 1000) && microtime(true) - $t0 > 0.15, 'MSG_WAITALL waits for all 3000 bytes');
$c->send("PIECES 2 500\n");
$first = $c->recv(65536);
swt_check($first === str_repeat('a', 500), 'plain recv() returns what has arrived', strlen((string) $first));
swt_check($c->recv(65536) === str_repeat('b', 500), 'the next piece next');

/* recv timeout: false with ETIMEDOUT after about read_timeout; the late data is not lost */
$c->set(['read_timeout' => 0.3]);
$c->send("LATE 600\n");
$t0 = microtime(true);
$r = $c->recv();
$took = microtime(true) - $t0;
swt_check($r === false && $c->errCode === 110 && $took >= 0.25 && $took < 1.5, 'recv() times out with errCode ETIMEDOUT', var_export([$r, $c->errCode, $took], true));
$c->set(['read_timeout' => 3]);
swt_check($c->recv() === "late reply\n" && $c->errCode === 0, 'the late reply is read by the next recv()');

/* waitall timeout with partial data: the partial bytes come back with the next call */
$c->set(['read_timeout' => 0.15]);
$c->send("PIECES 2 100\n");
$r = $c->recv(200, Swoole\Client::MSG_WAITALL);
$c->set(['read_timeout' => 3]);
$rest = $c->recv(200, Swoole\Client::MSG_WAITALL);
swt_check($r === false && $rest === str_repeat('a', 100) . str_repeat('b', 100), 'bytes read before a MSG_WAITALL timeout are kept', var_export([$r, $rest], true));

swt_check($c->close() === true && !$c->isConnected() && $c->sock === -1, 'close()');
swt_check(@$c->send('x') === false && $c->errCode === 7101, 'send() after close fails with errCode 7101');
swt_check(@$c->recv() === false && $c->errCode === 7101, 'recv() after close fails');
swt_check($c->close() === false, 'second close() returns false');
swt_check($c->connect('127.0.0.1', $s->port) && $c->send("again\n") === 6 && $c->recv() === "again\n", 'connect() again after close()');
$c->close();

/* the server closes: recv returns "" */
$d = new swoole_client(SWOOLE_SOCK_TCP);
$d->connect('127.0.0.1', $s->port, 2);
swt_check($s->stop() === 0, 'server stopped');
$d->set(['read_timeout' => 3]);
swt_check($d->recv() === '', 'recv() returns "" when the server closed');

/* a refused connect: false, warning, errCode ECONNREFUSED; the port is free after stop() */
$e = new Swoole\Client(SWOOLE_SOCK_TCP);
swt_check(@$e->connect('127.0.0.1', $s->port, 1) === false && $e->errCode === 111 && $e->errMsg === 'Connection refused', 'refused connect', $e->errCode . ' ' . $e->errMsg);
swt_check(@$e->connect('not an address !', 80, 1) === false, 'unresolvable host');

/*
 * A connect that cannot complete is bounded by its timeout: a listener
 * whose accept queue is full drops the SYN, so the handshake never ends.
 */
$ctx = stream_context_create(['socket' => ['backlog' => 0]]);
$srv = stream_socket_server('tcp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$full = (int) substr(strrchr(stream_socket_get_name($srv, false), ':'), 1);
$fill = [];
for ($i = 0; $i < 4; $i++) {
    $fill[] = @stream_socket_client("tcp://127.0.0.1:$full", $en, $es, 0.2, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT);
}
usleep(100000);
$t0 = microtime(true);
$r = @$e->connect('127.0.0.1', $full, 0.3);
$took = microtime(true) - $t0;
swt_check($r === false && $e->errCode === 110 && $took >= 0.25 && $took < 1.5, 'connect() gives up after its timeout with ETIMEDOUT', var_export([$r, $e->errCode, $took], true));
fclose($srv);

try {
    new Swoole\Client(SWOOLE_SOCK_TCP, SWOOLE_SOCK_ASYNC);
    echo "FAIL - async accepted\n";
} catch (Swoole\Exception $ex) {
    swt_check(str_contains($ex->getMessage(), 'SWOOLE_SOCK_ASYNC is not supported'), 'SWOOLE_SOCK_ASYNC is refused with an exception');
}
try {
    new Swoole\Client(42);
} catch (ValueError $ex) {
    echo "ok - unknown socket type: ValueError\n";
}
swt_check(SWOOLE_SOCK_SYNC === 0 && SWOOLE_SOCK_ASYNC === 1 && Swoole\Client::MSG_WAITALL === 256 && Swoole\Client::MSG_PEEK === 2, 'constants');
?>
--EXPECT--
ok - not connected before connect()
ok - connect()
ok - send() returns the byte count
ok - echo received byte-exact
ok - getsockname()/getpeername()
ok - MSG_WAITALL waits for all 3000 bytes
ok - plain recv() returns what has arrived
ok - the next piece next
ok - recv() times out with errCode ETIMEDOUT
ok - the late reply is read by the next recv()
ok - bytes read before a MSG_WAITALL timeout are kept
ok - close()
ok - send() after close fails with errCode 7101
ok - recv() after close fails
ok - second close() returns false
ok - connect() again after close()
ok - server stopped
ok - recv() returns "" when the server closed
ok - refused connect
ok - unresolvable host
ok - connect() gives up after its timeout with ETIMEDOUT
ok - SWOOLE_SOCK_ASYNC is refused with an exception
ok - unknown socket type: ValueError
ok - constants
