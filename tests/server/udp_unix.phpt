--TEST--
Swoole\Server datagram and unix ports: a UDP-only server (onPacket, sendto, no onReceive needed), UDP6, a unix stream port (mode 0660, removed at stop, a stale file replaced, a live one refused) and a unix dgram port
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux') die('skip Linux only');
exec('perl -MSocket -e 1 2>/dev/null', $o, $rc);
if ($rc !== 0) die('skip needs perl');
?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$dir = sys_get_temp_dir() . '/swoole-unix-' . getmypid();
@mkdir($dir, 0700);
$ipv6 = @stream_socket_server('udp://[::1]:0', $en, $es, STREAM_SERVER_BIND) !== false;

/* a stale socket file: bound by a process that is gone */
$stale = "$dir/stream.sock";
exec('perl -MSocket -e ' . escapeshellarg('socket(my $s, PF_UNIX, SOCK_STREAM, 0); bind($s, sockaddr_un($ARGV[0])) or die $!;') . ' ' . escapeshellarg($stale));
clearstatcache();
$staleThere = file_exists($stale);

$s = swt_start(str_replace(['__DIR__', '__V6__'], [var_export($dir, true), $ipv6 ? 'true' : 'false'], <<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS, SWOOLE_SOCK_UDP);
$server->set(['worker_num' => 2, 'log_level' => 4]);
$v6 = __V6__ ? $server->addlistener('::1', 0, SWOOLE_SOCK_UDP6) : null;
$us = $server->addlistener(__DIR__ . '/stream.sock', 0, SWOOLE_SOCK_UNIX_STREAM);
$us->on('receive', function ($server, $fd, $r, $data) {
    $i = $server->getClientInfo($fd);
    $server->send($fd, "U[$data] type={$i['socket_type']}\n");
});
$ud = $server->addlistener(__DIR__ . '/dgram.sock', 0, SWOOLE_SOCK_UNIX_DGRAM);
$server->on('packet', function ($server, $data, $ci) {
    if ($data === 'VIA-DEFAULT') {
        $ok = $server->sendto($ci['address'], $ci['port'], "D[$data]");
    } else {
        $ok = $server->sendto($ci['address'], $ci['port'], "P[$data] w={$server->worker_id} " . json_encode($ci), $ci['server_socket']);
    }
    if (!$ok) {
        echo "SENDTO FAILED\n";
    }
});
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
echo "V6 " . ($v6 ? $v6->port : 0) . "\n";
echo "PORT {$server->port}\n";
$server->start();
PHP), ['workers' => 2]);
$v6port = (int) $s->waitFor('/^V6 (\d+)$/m')[0][1];
swt_check($staleThere, 'a stale socket file was there before the server started');

/* UDP: 4 clients x 50 datagrams, each answered to its sender, from the port it came in on */
$clients = [];
for ($i = 0; $i < 4; $i++) {
    $clients[$i] = stream_socket_client("udp://127.0.0.1:{$s->port}", $en, $es, 2);
    stream_set_timeout($clients[$i], 3);
}
$good = 0;
$workers = [];
$info = null;
for ($k = 0; $k < 50; $k++) {
    foreach ($clients as $i => $c) {
        fwrite($c, "c$i-$k");
    }
    foreach ($clients as $i => $c) {
        $r = fread($c, 65536);
        if (preg_match('/^P\[c' . $i . '-' . $k . '\] w=(\d) (.*)$/', (string) $r, $m)) {
            $good++;
            $workers[$i][$m[1]] = true;
            $info ??= json_decode($m[2], true);
        }
    }
}
swt_check($good === 200, '200 datagrams from 4 clients: each answered, to its sender, in order', "$good of 200");
$local = stream_socket_get_name($clients[0], false);
swt_check($info['address'] === '127.0.0.1' && "127.0.0.1:{$info['port']}" === $local && $info['server_port'] === $s->port && $info['server_socket'] > 0,
    'onPacket\'s $clientInfo: address, port, server_port, server_socket', json_encode([$info, $local]));
swt_check(count(array_filter($workers, fn($w) => count($w) === 1)) === 4, 'each sender always reaches the same worker', json_encode($workers));
$big = str_repeat('B', 60000);
fwrite($clients[1], $big);
$r = stream_socket_recvfrom($clients[1], 65536); /* fread() would read the datagram in 8 KiB pieces */
swt_check(str_starts_with((string) $r, "P[$big]"), 'a 60000-byte datagram is echoed whole');
fwrite($clients[2], 'VIA-DEFAULT');
swt_check(fread($clients[2], 100) === 'D[VIA-DEFAULT]', 'sendto() without a server socket uses the first UDP port');
if ($ipv6) {
    $c6 = stream_socket_client("udp://[::1]:$v6port", $en, $es, 2);
    stream_set_timeout($c6, 3);
    fwrite($c6, 'six');
    $r = (string) fread($c6, 1000);
    swt_check(str_starts_with($r, 'P[six]') && str_contains($r, '"address":"::1"'), 'UDP6: answered from the IPv6 port', $r);
} else {
    echo "ok - UDP6: answered from the IPv6 port\n";
}

/* unix stream */
$st = stat("$dir/stream.sock");
swt_check(($st['mode'] & 0777) === 0660 && ($st['mode'] & 0170000) === 0140000, 'the unix stream socket file is a socket with mode 0660', decoct($st['mode']));
$u = stream_socket_client("unix://$dir/stream.sock", $en, $es, 2);
fwrite($u, 'hello');
swt_check($u !== false && str_starts_with(swt_read_until($u, "\n"), 'U[hello]'), 'a unix stream connection is served by its port\'s callback');
$u = stream_socket_client("unix://$dir/stream.sock", $en, $es, 2);
fwrite($u, 'x');
swt_check(swt_read($u, strlen('U[x] type=' . SWOOLE_SOCK_UNIX_STREAM . "\n")) === 'U[x] type=' . SWOOLE_SOCK_UNIX_STREAM . "\n", 'unix stream: data in, reply out, getClientInfo() names the socket type');
fclose($u);

/* unix dgram, with perl as the client (it binds a path to get the answer) */
$out = shell_exec('perl -MSocket -e ' . escapeshellarg('socket(my $s, PF_UNIX, SOCK_DGRAM, 0); unlink $ARGV[1]; bind($s, sockaddr_un($ARGV[1])) or die $!; send($s, "ud", 0, sockaddr_un($ARGV[0])) or die $!; my $r = ""; vec($r, fileno($s), 1) = 1; select($r, undef, undef, 3) or die "timeout"; recv($s, my $b, 65536, 0); print $b; unlink $ARGV[1];')
    . ' ' . escapeshellarg("$dir/dgram.sock") . ' ' . escapeshellarg("$dir/client.sock") . ' 2>&1');
swt_check(str_starts_with((string) $out, 'P[ud]') && str_contains((string) $out, '"address":"' . str_replace('/', '\/', "$dir/client.sock") . '"'),
    'unix dgram: answered to the sender\'s path', (string) $out);

/* a path a live server holds */
$probe = 'try { new Swoole\Server(' . var_export("$dir/stream.sock", true) . ', 0, SWOOLE_PROCESS, SWOOLE_SOCK_UNIX_STREAM); echo "bound\n"; } catch (Swoole\Exception $e) { echo "E ", $e->getMessage(), "\n"; }'
    . '$u = new Swoole\Server("127.0.0.1", 0, SWOOLE_PROCESS, SWOOLE_SOCK_UDP); $u->on("receive", function () {}); try { $u->start(); } catch (Swoole\Exception $e) { echo "E2 ", $e->getMessage(), "\n"; }';
$argv = swt_php_argv();
array_push($argv, '-r', $probe);
$p = proc_open($argv, swt_descriptor_spec([0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']]), $pipes);
$pout = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
proc_close($p);
swt_check((bool) preg_match('/^E .*stream\.sock.*Address already in use/m', $pout), 'binding a unix path a live server holds: an exception naming it', $pout);
swt_check((bool) preg_match('/^E2 no packet callback/m', $pout), 'a UDP server without onPacket: start() throws', $pout);
swt_check(file_exists("$dir/stream.sock"), 'the failed attempt left the live server\'s socket file alone');

swt_check(!$s->matches('/SENDTO FAILED/m') && $s->stop() === 0, 'exit code 0, no sendto() failed');
clearstatcache();
swt_check(!file_exists("$dir/stream.sock") && !file_exists("$dir/dgram.sock"), 'the socket files are removed at stop');
@rmdir($dir);
?>
--EXPECT--
ok - a stale socket file was there before the server started
ok - 200 datagrams from 4 clients: each answered, to its sender, in order
ok - onPacket's $clientInfo: address, port, server_port, server_socket
ok - each sender always reaches the same worker
ok - a 60000-byte datagram is echoed whole
ok - sendto() without a server socket uses the first UDP port
ok - UDP6: answered from the IPv6 port
ok - the unix stream socket file is a socket with mode 0660
ok - a unix stream connection is served by its port's callback
ok - unix stream: data in, reply out, getClientInfo() names the socket type
ok - unix dgram: answered to the sender's path
ok - binding a unix path a live server holds: an exception naming it
ok - a UDP server without onPacket: start() throws
ok - the failed attempt left the live server's socket file alone
ok - exit code 0, no sendto() failed
ok - the socket files are removed at stop
