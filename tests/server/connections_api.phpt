--TEST--
Swoole\Server connection API: getClientInfo()/connection_info, getClientList()/connection_list, exists()/exist, $server->connections, protect() against the heartbeat, bind() with dispatch_mode 5, dispatch_mode 4 by client address
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$code = <<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'dispatch_mode' => (int) getenv('DM'),
    'heartbeat_check_interval' => 1, 'heartbeat_idle_time' => 2, 'log_level' => 4]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    foreach (explode("\n", trim($data)) as $line) {
        $a = explode(' ', $line);
        $r = match ($a[0]) {
            'ME' => [$fd, $server->worker_id],
            'INFO' => [$server->getClientInfo((int) $a[1]), $server->connection_info((int) $a[1])],
            'LIST' => [$server->getClientList((int) $a[1], (int) $a[2]), $server->connection_list((int) $a[1], (int) $a[2])],
            'ALL' => (function () use ($server) { $ids = []; foreach ($server->connections as $k => $id) { $ids[$k] = $id; } return [$ids, count($server->connections)]; })(),
            'EXISTS' => [$server->exists((int) $a[1]), $server->exist((int) $a[1]), isset($server->connections[(int) $a[1]])],
            'PROTECT' => $server->protect($fd, true),
            'BIND' => [@$server->bind($fd, (int) $a[1]), swoole_last_error()],
            'WHO' => $server->worker_id,
        };
        $server->send($fd, json_encode($r) . "\n");
    }
});
echo "PORT {$server->port}\n";
$server->start();
PHP;
function q($c, string $line) { $r = swt_request($c, $line); return $r === null ? null : json_decode($r, true); }

putenv('DM=5');
$s = swt_start($code, ['workers' => 2]);
$c = [];
for ($i = 0; $i < 6; $i++) {
    $c[$i] = swt_connect($s->port);
}
[$fd0] = q($c[0], 'ME');
$fds = [];
foreach ($c as $i => $cc) {
    $fds[$i] = q($cc, 'ME')[0];
}
$local = stream_socket_get_name($c[0], false);
[$info, $alias] = q($c[1], "INFO $fd0");
swt_check(is_array($info) && $info === $alias, 'getClientInfo() and connection_info() agree', json_encode([$info, $alias]));
swt_check($info['remote_ip'] === '127.0.0.1' && '127.0.0.1:' . $info['remote_port'] === $local && $info['server_port'] === $s->port
    && $info['socket_type'] === SWOOLE_SOCK_TCP && abs($info['connect_time'] - time()) <= 2 && abs($info['last_time'] - time()) <= 2
    && $info['close_errno'] === 0 && in_array($info['reactor_id'], [0, 1], true) && !isset($info['uid']),
    'another worker sees the connection: remote address, server port, times, reactor', json_encode([$info, $local]));
[$l, $la] = q($c[2], 'LIST 0 100');
swt_check($l === $la && array_values(array_intersect($l, $fds)) === array_values(array_unique($fds)) && $l === array_values(array_unique($l)),
    'getClientList(0, 100) lists every connection once, ascending; connection_list() agrees', json_encode([$l, $fds]));
sort($fds);
$page = q($c[2], "LIST {$fds[1]} 2")[0];
swt_check($page === [$fds[2], $fds[3]], 'getClientList(start, 2) pages after start', json_encode([$page, $fds]));
[$all, $count] = q($c[3], 'ALL');
swt_check(array_values($all) === $fds && $count === 6 && array_keys($all) === range(0, 5), 'foreach ($server->connections) yields the 6 ids; count() is 6', json_encode([$all, $count]));
swt_check(q($c[3], "EXISTS $fd0") === [true, true, true], 'exists(), exist() and isset($server->connections[$fd]) for an open connection');
fclose($c[0]);
usleep(300000);
swt_check(q($c[3], "EXISTS $fd0") === [false, false, false] && q($c[3], "INFO $fd0") === [false, false], 'after close: false everywhere');
swt_check(q($c[3], 'EXISTS 999999') === [false, false, false], 'an id that never existed: false');

/* bind(): dispatch_mode 5 */
$w = [];
foreach ([1, 2, 3] as $i) {
    $b = q($c[$i], 'BIND ' . (10 + $i));
    $w[$i] = [$b, q($c[$i], 'WHO'), q($c[$i], 'WHO')];
}
swt_check($w[1][0][0] === true && $w[2][0][0] === true && $w[3][0][0] === true && $w[1][1] === 1 && $w[1][2] === 1 && $w[2][1] === 0 && $w[3][1] === 1,
    'after bind($fd, uid) the connection is served by worker uid % 2', json_encode($w));
$again = q($c[1], 'BIND 12');
swt_check($again[0] === false && $again[1] === 1009, 'binding again to another uid fails with 1009', json_encode($again));
$info = q($c[2], "INFO {$fds[1]}")[0];
swt_check(($info['uid'] ?? null) === 11 || ($info['uid'] ?? null) === 12 || ($info['uid'] ?? null) === 13, 'getClientInfo() shows the uid', json_encode($info));

/* protect(): the heartbeat (idle 2 s) closes the others */
swt_check(q($c[4], 'PROTECT') === true, 'protect() on a connection');
sleep(4);
$alive = [];
foreach ([1, 2, 3, 4, 5] as $i) {
    $alive[$i] = swt_request($c[$i], 'WHO', 2) !== null;
}
swt_check($alive === [1 => false, 2 => false, 3 => false, 4 => true, 5 => false], 'after 4 idle seconds only the protected connection is open', json_encode($alive));
foreach ([1, 2, 3, 4, 5] as $i) {
    fclose($c[$i]);
}
swt_check($s->stop() === 0, 'exit code 0');

/* dispatch_mode 4: by client address */
putenv('DM=4');
$s = swt_start($code, ['workers' => 2]);
$by = [];
foreach (range(1, 8) as $k) {
    $ip = "127.0.0.$k";
    for ($j = 0; $j < 3; $j++) {
        $ctx = stream_context_create(['socket' => ['bindto' => "$ip:0"]]);
        $cc = stream_socket_client("tcp://127.0.0.1:{$s->port}", $en, $es, 5, STREAM_CLIENT_CONNECT, $ctx);
        $by[$ip][] = $cc ? q($cc, 'WHO') : null;
        $cc && fclose($cc);
    }
}
$same = true;
$want = [];
foreach ($by as $ip => $ws) {
    $h = 2166136261;
    foreach (str_split(inet_pton($ip)) as $ch) {
        $h = (($h ^ ord($ch)) * 16777619) & 0xffffffff;
    }
    $want[$ip] = array_fill(0, 3, $h % 2);
    $same = $same && $ws === $want[$ip];
}
swt_check($same, 'every connection from one address goes to the same worker, chosen by a hash of the address', json_encode([$by, $want]));
swt_check(count(array_unique(array_merge(...array_values($by)))) === 2, 'the 8 addresses spread over both workers', json_encode($by));
swt_check($s->stop() === 0, 'exit code 0');
?>
--EXPECT--
ok - getClientInfo() and connection_info() agree
ok - another worker sees the connection: remote address, server port, times, reactor
ok - getClientList(0, 100) lists every connection once, ascending; connection_list() agrees
ok - getClientList(start, 2) pages after start
ok - foreach ($server->connections) yields the 6 ids; count() is 6
ok - exists(), exist() and isset($server->connections[$fd]) for an open connection
ok - after close: false everywhere
ok - an id that never existed: false
ok - after bind($fd, uid) the connection is served by worker uid % 2
ok - binding again to another uid fails with 1009
ok - getClientInfo() shows the uid
ok - protect() on a connection
ok - after 4 idle seconds only the protected connection is open
ok - exit code 0
ok - every connection from one address goes to the same worker, chosen by a hash of the address
ok - the 8 addresses spread over both workers
ok - exit code 0
