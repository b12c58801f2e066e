--TEST--
Swoole\Client over UDP (sendto/recv and connect/send/recv) and unix stream sockets against a stream_socket_server in a child php; send() to a peer that never reads times out
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$dir = sys_get_temp_dir() . '/swt-client-' . getmypid();
@mkdir($dir, 0700);
$path = "$dir/echo.sock";
$script = "$dir/peer.php";
/* UDP echo, unix stream echo and a TCP sink that accepts and never reads; ends when stdin closes */
file_put_contents($script, <<<'PHP'
<?php
$udp = stream_socket_server('udp://127.0.0.1:0', $en, $es, STREAM_SERVER_BIND);
$unix = stream_socket_server('unix://' . $argv[1], $en, $es);
$sink = stream_socket_server('tcp://127.0.0.1:0', $en, $es);
$port = fn($s) => (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
echo "READY ", $port($udp), ' ', $port($sink), "\n";
$conns = [];
$held = [];
$deadline = microtime(true) + 30;
while (microtime(true) < $deadline) {
    $r = array_merge([STDIN, $udp, $unix, $sink], $conns);
    $w = $e = null;
    if (stream_select($r, $w, $e, 1) === false) break;
    foreach ($r as $s) {
        if ($s === STDIN) {
            if (fread(STDIN, 1) === '' && feof(STDIN)) exit(0);
        } elseif ($s === $udp) {
            $d = stream_socket_recvfrom($udp, 65536, 0, $from);
            stream_socket_sendto($udp, "echo:$d", 0, $from);
        } elseif ($s === $unix) {
            $conns[] = stream_socket_accept($unix);
        } elseif ($s === $sink) {
            $held[] = stream_socket_accept($sink);
        } else {
            $d = fread($s, 65536);
            if ($d === '' || $d === false) {
                fclose($s);
                $conns = array_filter($conns, fn($c) => $c !== $s);
            } else {
                fwrite($s, $d);
            }
        }
    }
}
PHP);
$argv = swt_php_argv();
$argv[] = $script;
$argv[] = $path;
$proc = proc_open($argv, swt_descriptor_spec([0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']]), $pipes);
stream_set_blocking($pipes[1], false);
$line = swt_read_until($pipes[1], "\n", 10);
if (!preg_match('/^READY (\d+) (\d+)$/', trim($line), $m)) {
    swt_fail('peer did not start: ' . var_export($line, true));
}
[$udpPort, $sinkPort] = [(int) $m[1], (int) $m[2]];

/* UDP without connect: sendto + recv */
$u = new Swoole\Client(SWOOLE_SOCK_UDP);
$u->set(['timeout' => 3]);
swt_check($u->sendto('127.0.0.1', $udpPort, 'ping') === true, 'UDP sendto()');
swt_check($u->recv() === 'echo:ping', 'UDP recv() gets the reply');
$name = $u->getsockname();
swt_check($name['host'] === '0.0.0.0' && $name['port'] > 0, 'UDP getsockname() after sendto', json_encode($name));
/* UDP with connect: send + recv, datagram boundaries kept */
$v = new Swoole\Client(SWOOLE_SOCK_UDP);
swt_check($v->connect('127.0.0.1', $udpPort, 3) && $v->isConnected(), 'UDP connect()');
$v->send('a');
$v->send('bb');
swt_check($v->recv() === 'echo:a' && $v->recv() === 'echo:bb', 'one datagram per recv()');
swt_check($v->getpeername() === ['host' => '127.0.0.1', 'port' => $udpPort], 'UDP getpeername()');
$v->close();
$t = new Swoole\Client(SWOOLE_SOCK_TCP);
swt_check(@$t->sendto('127.0.0.1', $udpPort, 'x') === false, 'sendto() refused on a TCP client');

/* unix stream */
$x = new Swoole\Client(SWOOLE_SOCK_UNIX_STREAM);
swt_check($x->connect($path, 0, 3), 'unix stream connect()');
$big = random_bytes(200000);
swt_check($x->send($big) === strlen($big), 'unix stream send() of 200000 bytes');
$got = $x->recv(strlen($big), Swoole\Client::MSG_WAITALL);
swt_check($got === $big, 'unix stream echo byte-exact', swt_diff_at($big, (string) $got));
swt_check($x->getpeername() === ['host' => $path, 'port' => 0], 'unix getpeername() is the path');
$x->close();

/* send() to a peer that never reads: bounded by write_timeout */
$w = new Swoole\Client(SWOOLE_SOCK_TCP);
$w->set(['write_timeout' => 0.3]);
$w->connect('127.0.0.1', $sinkPort, 3);
$t0 = microtime(true);
$r = $w->send(str_repeat('x', 64 << 20));
$took = microtime(true) - $t0;
swt_check($r === false && $w->errCode === 110 && $took >= 0.25 && $took < 3, 'send() to a peer that does not read times out', var_export([$r, $w->errCode, $took], true));
$w->close();

fclose($pipes[0]);
$st = null;
$deadline = microtime(true) + 5;
while (($st = proc_get_status($proc))['running'] && microtime(true) < $deadline) usleep(10000);
if ($st['running']) proc_terminate($proc, 9);
proc_close($proc);
@unlink($path);
@unlink($script);
@rmdir($dir);
?>
--EXPECT--
ok - UDP sendto()
ok - UDP recv() gets the reply
ok - UDP getsockname() after sendto
ok - UDP connect()
ok - one datagram per recv()
ok - UDP getpeername()
ok - sendto() refused on a TCP client
ok - unix stream connect()
ok - unix stream send() of 200000 bytes
ok - unix stream echo byte-exact
ok - unix getpeername() is the path
ok - send() to a peer that does not read times out
