--TEST--
SWOOLE_BASE: workers accept and serve their own connections (echo, 1 MiB, 40 clients, onConnect/onReceive/onClose in one worker, stats), send() to another worker's connection fails with 1011, a worker killed with -9 takes only its own connections, SIGTERM closes the rest with onClose before onWorkerStop; UDP and HTTP in BASE mode
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 2, 'log_level' => 4]);
$udp = $server->addlistener('127.0.0.1', 0, SWOOLE_SOCK_UDP);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('workerStop', function ($server, $id) { echo "WSTOP $id\n"; });
$server->on('connect', function ($server, $fd, $r) { echo "CONNECT $fd w={$server->worker_id} r=$r\n"; });
$server->on('close', function ($server, $fd, $r) { echo "CLOSE $fd w={$server->worker_id}\n"; });
$server->on('packet', function ($server, $data, $ci) { $server->sendto($ci['address'], $ci['port'], "U{$server->worker_id}:$data"); });
$server->on('receive', function ($server, $fd, $r, $data) {
    if (preg_match('/^SENDTO (\d+)/', $data, $m)) {
        $ok = @$server->send((int) $m[1], "hi from {$server->worker_id}\n");
        $server->send($fd, json_encode([$ok, swoole_last_error(), $server->worker_id]) . "\n");
        return;
    }
    if ($data === "STATS\n") {
        $st = $server->stats();
        $server->send($fd, json_encode([$st['connection_num'], $st['accept_count']]) . "\n");
        return;
    }
    if ($data === "WHO\n") {
        $server->send($fd, "$fd {$server->worker_id} " . getmypid() . "\n");
        return;
    }
    $server->send($fd, $data);
});
echo "UDP {$udp->port}\n";
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);
$udpPort = (int) $s->waitFor('/^UDP (\d+)$/m')[0][1];

/* 40 clients; each connection's events in the worker that accepted it */
$clients = [];
$owner = [];
for ($i = 0; $i < 40; $i++) {
    $c = swt_connect($s->port);
    $r = explode(' ', (string) swt_request($c, 'WHO'));
    $clients[$r[0]] = $c;
    $owner[$r[0]] = (int) $r[1];
}
$s->waitFor('/^CONNECT \d+ /m', 40);
$same = 0;
foreach ($s->matches('/^CONNECT (\d+) w=(\d) r=(\d)$/m') as $m) {
    $same += ($owner[(int) $m[1]] ?? -1) === (int) $m[2] && $m[2] === $m[3] ? 1 : 0;
}
swt_check(count($clients) === 40 && $same === 40, '40 connections: onConnect and onReceive in the worker that accepted each (reactor_id = worker id)', "$same of 40");
$echo = 0;
foreach ($clients as $fd => $c) {
    $echo += swt_exchange($c, "ping $fd\n", strlen("ping $fd\n")) === "ping $fd\n" ? 1 : 0;
}
swt_check($echo === 40, 'each echoes', "$echo of 40");
$big = swt_pattern(1024 * 1024, 'base');
$fd0 = array_key_first($clients);
swt_check(swt_exchange($clients[$fd0], $big, strlen($big), 20) === $big, '1 MiB echoed byte-exact');
$st = json_decode((string) swt_request($clients[$fd0], 'STATS'), true);
swt_check($st[0] === 40 && $st[1] === 40, 'stats(): 40 connections, 40 accepted', json_encode($st));

/* send() to a connection of the other worker (if both workers have one) */
$byWorker = [];
foreach ($owner as $fd => $w) {
    $byWorker[$w][] = $fd;
}
if (count($byWorker) === 2) {
    $r = json_decode((string) swt_request($clients[$byWorker[0][0]], 'SENDTO ' . $byWorker[1][0]), true);
    swt_check($r[0] === false && $r[1] === 1011, 'send() to the other worker\'s connection: false, error 1011', json_encode($r));
} else {
    echo "ok - send() to the other worker's connection: false, error 1011\n";
}

/* UDP in BASE mode */
$u = stream_socket_client("udp://127.0.0.1:$udpPort", $en, $es, 2);
stream_set_timeout($u, 3);
fwrite($u, 'dgram');
swt_check((bool) preg_match('/^U[01]:dgram$/', (string) fread($u, 100)), 'a UDP port is served by the workers too');

/* kill -9 the worker that owns the most connections: only they end */
$victimW = count($byWorker[0] ?? []) >= count($byWorker[1] ?? []) ? 0 : 1;
$pids = $s->workerPids();
swt_kill($pids[$victimW], SIGKILL);
$s->waitFor('/^WS ' . $victimW . ' /m', 2);
$lost = 0;
$kept = 0;
foreach ($clients as $fd => $c) {
    if ($owner[$fd] === $victimW) {
        $lost += swt_wait_eof($c, 3)['eof'] ? 1 : 0;
    } else {
        $kept += swt_request($c, 'WHO') !== null ? 1 : 0;
    }
}
$nv = count($byWorker[$victimW]);
swt_check($lost === $nv && $kept === 40 - $nv, "the killed worker's $nv connections ended; the other worker's are still served", "lost $lost kept $kept");
$st = null;
swt_wait_until(function () use ($s, &$st) {
    $c = swt_connect($s->port);
    $st = json_decode((string) swt_request($c, 'STATS'), true);
    fclose($c);
    return ($st[0] ?? null) === 40 - count($GLOBALS['byWorker'][$GLOBALS['victimW']]) + 1;
}, 5, 'connection_num', false);
swt_check(($st[0] ?? null) === 40 - $nv + 1, 'stats() counts only the live connections afterwards', json_encode($st));
foreach ($clients as $fd => $c) {
    if ($owner[$fd] === $victimW) {
        fclose($c);
        unset($clients[$fd]);
    }
}

/* SIGTERM: the remaining connections get onClose in their worker, before onWorkerStop */
$left = array_keys($clients);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
$out = $s->stdout();
$ok = true;
foreach ($left as $fd) {
    $w = $owner[$fd];
    $pc = strpos($out, "CLOSE $fd w=$w\n");
    $ps = strrpos($out, "WSTOP $w\n");
    $ok = $ok && $pc !== false && $ps !== false && $pc < $ps;
}
swt_check($ok, 'every remaining connection got onClose in its worker, before that worker\'s onWorkerStop');
foreach ($clients as $c) {
    fclose($c);
}

/* HTTP in BASE mode */
$h = swt_start(<<<'PHP'
$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$http->set(['worker_num' => 2, 'log_level' => 4]);
$http->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$http->on('request', function ($req, $resp) { $resp->end("base " . $req->server['request_uri']); });
echo "PORT {$http->port}\n";
$http->start();
PHP, ['workers' => 2]);
$c = swt_connect($h->port);
fwrite($c, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
$resp = swt_read_until($c, "base /b");
swt_check(substr_count($resp, 'HTTP/1.1 200') === 2 && strpos($resp, 'base /a') < strpos($resp, 'base /b'), 'HTTP in BASE mode: two pipelined requests answered in order', $resp);
fclose($c);
swt_check($h->stop() === 0, 'exit code 0');
?>
--EXPECTF--
ok - 40 connections: onConnect and onReceive in the worker that accepted each (reactor_id = worker id)
ok - each echoes
ok - 1 MiB echoed byte-exact
ok - stats(): 40 connections, 40 accepted
ok - send() to the other worker's connection: false, error 1011
ok - a UDP port is served by the workers too
ok - the killed worker's %d connections ended; the other worker's are still served
ok - stats() counts only the live connections afterwards
ok - exit code 0 after SIGTERM
ok - every remaining connection got onClose in its worker, before that worker's onWorkerStop
ok - HTTP in BASE mode: two pipelined requests answered in order
ok - exit code 0
