--TEST--
Swoole\Server ports: addlistener()/listen() with port 0, $server->ports, Port::set() framing and Port::on() callbacks per port with the server's as fallback, bind errors before start, bad port settings and events, open_tcp_keepalive and tcp_defer_accept on the listening sockets
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_readable('/proc/net/tcp')) die('skip needs Linux /proc/net/tcp'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'log_level' => 4, 'open_eof_check' => true, 'open_eof_split' => true, 'package_eof' => "\n",
    'open_tcp_keepalive' => true, 'tcp_keepidle' => 1, 'tcp_keepinterval' => 1, 'tcp_keepcount' => 3]);
$len = $server->addlistener('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$len->set(['open_length_check' => true, 'package_length_type' => 'n', 'package_length_offset' => 0, 'package_body_offset' => 2]);
$len->on('receive', function ($server, $fd, $reactorId, $data) {
    $info = $server->getClientInfo($fd);
    $server->send($fd, pack('n', strlen("LEN[" . substr($data, 2) . "]@{$info['server_port']}")) . "LEN[" . substr($data, 2) . "]@{$info['server_port']}");
});
$len->on('connect', function ($server, $fd) { echo "LENCONNECT $fd\n"; });
$len->on('close', function ($server, $fd) { echo "LENCLOSE $fd\n"; });
$plain = $server->listen('127.0.0.1', 0);          /* no set(), no on(): the server's framing and callbacks */
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $info = $server->getClientInfo($fd);
    $server->send($fd, "SRV[" . trim($data) . "]@{$info['server_port']}\n");
});
$server->on('connect', function ($server, $fd) { echo "SRVCONNECT $fd\n"; });
$server->on('close', function ($server, $fd) { echo "SRVCLOSE $fd\n"; });
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
echo "PORTS " . count($server->ports) . ' ' . implode(' ', array_map(fn($p) => $p->port, $server->ports)) . ' '
    . ($server->ports[1] === $len ? 'same' : 'other') . ' ' . json_encode($len->setting) . "\n";
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);
$m = $s->waitFor('/^PORTS (\d+) (\d+) (\d+) (\d+) (\S+) (.*)$/m')[0];
swt_check($m[1] === '3' && (int) $m[2] === $s->port && (int) $m[3] > 0 && (int) $m[4] > 0 && count(array_unique([$m[2], $m[3], $m[4]])) === 3
    && $m[5] === 'same', '$server->ports: the constructor\'s port, then the two added on free ports (port 0)', $m[0]);
swt_check(json_decode($m[6], true)['package_length_type'] ?? null === 'n', 'Port::$setting holds what set() accepted', $m[6]);
[$p0, $p1, $p2] = [(int) $m[2], (int) $m[3], (int) $m[4]];

$a = swt_connect($p0);
fwrite($a, "one\ntwo\n");
$want = "SRV[one]@$p0\nSRV[two]@$p0\n";
$got = swt_read($a, strlen($want));
swt_check($got === $want, 'the first port: the server\'s eof framing and receive callback', json_encode($got));
$b = swt_connect($p1);
fwrite($b, pack('n', 5) . 'hello' . pack('n', 3));
usleep(100000);
fwrite($b, 'abc');
$r1 = swt_read($b, 2);
$r1 = swt_read($b, unpack('n', $r1)[1]);
$r2 = swt_read($b, 2);
$r2 = swt_read($b, unpack('n', $r2)[1]);
swt_check($r1 === "LEN[hello]@$p1" && $r2 === "LEN[abc]@$p1", 'the length-framed port: its own framing (split frames joined) and its own receive callback', json_encode([$r1, $r2]));
$c = swt_connect($p2);
swt_check(swt_request($c, 'three') === "SRV[three]@$p2", 'a port without set() and on(): the server\'s framing and callbacks');
$s->waitFor('/^LENCONNECT \d+$/m');
swt_check(count($s->matches('/^SRVCONNECT \d+$/m')) === 2 && count($s->matches('/^LENCONNECT \d+$/m')) === 1,
    'onConnect: the port\'s own for its connection, the server\'s for the others');

/* keepalive on the accepted sockets: the kernel runs the keepalive timer (timer 2 in /proc/net/tcp) */
$ka = [];
foreach (file('/proc/net/tcp') as $line) {
    $f = preg_split('/\s+/', trim($line));
    if (count($f) > 6 && preg_match('/:([0-9A-F]{4})$/', $f[1], $lm) && in_array(hexdec($lm[1]), [$p0, $p1, $p2], true) && $f[3] === '01') {
        $ka[] = substr($f[5], 0, 2);
    }
}
swt_check(count($ka) === 3 && array_unique($ka) === ['02'], 'open_tcp_keepalive: the 3 established server sockets run the keepalive timer', json_encode($ka));

fclose($b);
$s->waitFor('/^LENCLOSE \d+$/m');
fclose($a);
fclose($c);
$s->waitFor('/^SRVCLOSE \d+$/m', 2);
swt_check(true, 'onClose: the port\'s own for its connection, the server\'s for the others');
swt_check($s->stop() === 0, 'exit code 0');

/* errors, before anything is forked */
$probe = <<<'PHP'
$s = new Swoole\Server('127.0.0.1', 0);
try {
    $s->addlistener('127.0.0.1', $s->port);
    echo "bound twice\n";
} catch (Swoole\Exception $e) {
    echo "E1 ", $e->getMessage(), "\n";
}
try {
    $s->addlistener('300.1.2.3', 0);
} catch (Swoole\Exception $e) {
    echo "E2 ", $e->getMessage(), "\n";
}
$p = $s->addlistener('127.0.0.1', 0);
var_dump($p->set(['worker_num' => 3, 'package_max_length' => 4096]));
try {
    $p->set(['open_length_check' => true, 'package_length_type' => 'x']);
} catch (Swoole\Exception $e) {
    echo "E3 ", $e->getMessage(), "\n";
}
try {
    $p->on('task', function () {});
} catch (Swoole\Exception $e) {
    echo "E4 ", $e->getMessage(), "\n";
}
$cb = function () {};
echo "GC ", var_export($p->getCallback('receive'), true), " ", var_export($p->on('onReceive', $cb) && $p->getCallback('receive') === $cb, true), "\n";
foreach (['$s->connections[1] = 2;', 'unset($s->connections[1]);'] as $i => $stmt) {
    try {
        eval($stmt);
        echo "RW$i\n";
    } catch (Error $e) {
        echo "RO$i ", $e->getMessage(), "\n";
    }
}
$t = new Swoole\Server('127.0.0.1', 0);
$t->addlistener('127.0.0.1', 0)->on('receive', function () {});
try {
    $t->start();
} catch (Swoole\Exception $e) {
    echo "E5 ", $e->getMessage(), "\n";
}
PHP;
$argv = swt_php_argv();
array_push($argv, '-r', $probe);
$p = proc_open($argv, swt_descriptor_spec([0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']]), $pipes);
$out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
proc_close($p);
swt_check((bool) preg_match('/^E1 .*127\.0\.0\.1:\d+.*Address already in use/m', $out), 'a port in use: an exception naming the address and the reason', $out);
swt_check((bool) preg_match('/^E2 .*300\.1\.2\.3/m', $out), 'a bad address: an exception naming it', $out);
swt_check(str_contains($out, '"worker_num" is not a setting of a port') && (bool) preg_match('/^bool\(true\)$/m', $out), 'Port::set() warns about a server setting and applies the rest', $out);
swt_check((bool) preg_match('/^E3 package_length_type/m', $out), 'a bad framing value on a port throws naming the key', $out);
swt_check((bool) preg_match('/^E4 a port has no event "task"/m', $out), 'Port::on() of a server event throws', $out);
swt_check((bool) preg_match('/^E5 no receive callback for every port/m', $out), 'start() without a receive callback for every port throws', $out);
swt_check(str_contains($out, "GC NULL true\n"), 'Port::getCallback(): null before on(), the callable after (any event-name spelling)', $out);
swt_check((bool) preg_match('/^RO0 .*read-only\n^RO1 .*read-only$/m', $out), '$server->connections cannot be written or unset', $out);

/* tcp_defer_accept: a connection that sends nothing is not handed over until it does */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'tcp_defer_accept' => 3, 'log_level' => 4]);
$server->on('connect', function ($server, $fd) { echo "CONNECT $fd " . microtime(true) . "\n"; });
$server->on('receive', function ($server, $fd, $r, $data) { $server->send($fd, "got $data"); });
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 1]);
$c = swt_connect($s->port);
usleep(700000);
$early = count($s->matches('/^CONNECT /m'));
$r = swt_request($c, 'x');
swt_check($early === 0 && $r === 'got x' && count($s->matches('/^CONNECT /m')) === 1, 'tcp_defer_accept: no onConnect while the client is silent, then connect and receive', "early=$early r=" . var_export($r, true));
fclose($c);
swt_check($s->stop() === 0, 'exit code 0');
?>
--EXPECT--
ok - $server->ports: the constructor's port, then the two added on free ports (port 0)
ok - Port::$setting holds what set() accepted
ok - the first port: the server's eof framing and receive callback
ok - the length-framed port: its own framing (split frames joined) and its own receive callback
ok - a port without set() and on(): the server's framing and callbacks
ok - onConnect: the port's own for its connection, the server's for the others
ok - open_tcp_keepalive: the 3 established server sockets run the keepalive timer
ok - onClose: the port's own for its connection, the server's for the others
ok - exit code 0
ok - a port in use: an exception naming the address and the reason
ok - a bad address: an exception naming it
ok - Port::set() warns about a server setting and applies the rest
ok - a bad framing value on a port throws naming the key
ok - Port::on() of a server event throws
ok - start() without a receive callback for every port throws
ok - Port::getCallback(): null before on(), the callable after (any event-name spelling)
ok - $server->connections cannot be written or unset
ok - tcp_defer_accept: no onConnect while the client is silent, then connect and receive
ok - exit code 0
