--TEST--
Flow control: a client that does not read makes send() fail with 1008 after about socket_buffer_size, with bounded master memory, onBufferFull/onBufferEmpty, and other clients still served fast
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--INI--
memory_limit=512M
--FILE--
<?php
require __DIR__ . '/../include/framing.inc';

/*
 * Default socket_buffer_size (2 MiB), high watermark (3/4 of it) and low
 * watermark (0). The slow client S sends "FLOOD" and reads nothing: the
 * worker send()s 256 KiB chunks until send() returns false (at most 64 MiB)
 * and prints how much was accepted and the error. What the kernel holds for
 * the connection (the server socket's send queue and S's receive queue, from
 * /proc/net/tcp) is not pending output, so:
 *   accepted <= socket_buffer_size + kernel-held bytes + 2 chunks
 *   accepted >= socket_buffer_size - 2 chunks
 * While S is stuck, the master's RSS stays bounded and it does not spin, a
 * fast client F gets its pings answered quickly, and a further send() of
 * socket_buffer_size bytes to S fails with 1008. Then S reads everything (byte-exact, in order) and
 * onBufferEmpty fires; send() to S works again.
 */
$s = swt_start('require ' . var_export(__DIR__ . '/../include/framing.inc', true) . ";\n" . <<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'dispatch_mode' => 2]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('bufferFull', function ($server, $fd) { echo "BF $fd\n"; });
$server->on('bufferEmpty', function ($server, $fd) { echo "BE $fd\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    foreach (explode("\n", trim($data)) as $cmd) {
        if ($cmd === 'FD') {
            $server->send($fd, "FD $fd\n");
        } elseif ($cmd === 'FLOOD') {
            $acc = 0;
            $err = 0;
            for ($k = 0; $acc < 64 * 1024 * 1024; $k++) {
                if (!$server->send($fd, frm_big_pattern(256 * 1024, "c$k"))) {
                    $err = $server->getLastError();
                    break;
                }
                $acc += 256 * 1024;
            }
            echo "FLOOD $fd $acc $err\n";
        } elseif (preg_match('/^PING (\d+)$/', $cmd, $m)) {
            $server->send($fd, "PONG {$m[1]}\n");
        } elseif (preg_match('/^SENDTO (\d+) (\d+)$/', $cmd, $m)) {
            $ok = $server->send((int) $m[1], str_repeat('z', (int) $m[2]));
            $server->send($fd, 'SENDTO ' . json_encode([$ok, $ok ? 0 : $server->getLastError()]) . "\n");
        } elseif ($cmd === 'AGAIN') {
            $ok = $server->send($fd, frm_big_pattern(256 * 1024, 'again'));
            echo "AGAIN $fd " . json_encode([$ok, $ok ? 0 : $server->getLastError()]) . "\n";
        }
    }
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

const LIMIT = 2 * FRM_MIB;
const CHUNK = 256 * 1024;
$master = $s->masterPid;

$f = frm_connect($s->port);
$fdF = (int) substr((string) swt_request($f, 'FD'), 3);
$slow = frm_connect($s->port);
$fdS = (int) substr((string) swt_request($slow, 'FD'), 3);
swt_check($fdF > 0 && $fdS > 0 && $fdF !== $fdS, 'two connections with their fds');
/* warm up F's path, then note the master's memory */
for ($i = 0; $i < 20; $i++) {
    swt_request($f, "PING $i");
}
usleep(200000);
$rss0 = frm_rss_kib($master);

swt_write($slow, "FLOOD\n");
$m = $s->waitFor('/^FLOOD ' . $fdS . ' (\d+) (\d+)$/m', 1, 20);
$acc = (int) $m[0][1];
$err = (int) $m[0][2];
usleep(300000);        /* the reactor fills the kernel buffers meanwhile */
$kernel = frm_kernel_queued(frm_local_port($slow));
swt_check($err === 1008, 'send() to the slow client returned false with 1008 (output buffer overflow)',
    "error $err after $acc bytes");
swt_check($acc >= LIMIT - 2 * CHUNK && $acc <= LIMIT + $kernel + 2 * CHUNK,
    'it accepted about socket_buffer_size (plus what the kernel holds) before that',
    sprintf('accepted %d bytes; socket_buffer_size %d, kernel holds %d', $acc, LIMIT, $kernel));
$s->waitFor('/^BF ' . $fdS . '$/m', 1, 3);
swt_check(true, 'onBufferFull fired for the slow connection');

/* while S is stuck: memory, CPU, other clients */
$rssMax = 0;
$ticks0 = frm_cpu_ticks($master);
$t0 = swt_now();
$lat = [];
for ($i = 0; $i < 100; $i++) {
    $t = swt_now();
    $r = swt_request($f, "PING $i", 5);
    $lat[] = $r === "PONG $i" ? swt_now() - $t : 99.0;
    $rssMax = max($rssMax, frm_rss_kib($master));
    usleep(10000);
}
$elapsed = swt_now() - $t0;
$cpu = (frm_cpu_ticks($master) - $ticks0) / 100 / $elapsed;     /* CLK_TCK is 100 on Linux */
sort($lat);
$median = $lat[50];
$max = end($lat);
swt_check($median < 0.02 && $max < 0.25, 'the fast client is answered quickly meanwhile',
    sprintf('median %.1f ms, max %.1f ms', $median * 1e3, $max * 1e3));
$grow = $rssMax - $rss0;
swt_check($grow < 8 * 1024, "the master's RSS stays bounded", sprintf('grew by %d KiB (from %d KiB)', $grow, $rss0));
swt_check($cpu < 0.3, 'the master does not spin on the stuck connection', sprintf('%.0f%% of a CPU', $cpu * 100));

/* its pending output is over socket_buffer_size - CHUNK: another socket_buffer_size cannot fit */
$r = swt_request($f, 'SENDTO ' . $fdS . ' ' . LIMIT);
swt_check($r === 'SENDTO [false,1008]', 'a further send() of socket_buffer_size bytes to the stuck connection: false, 1008',
    var_export($r, true));

/* S drains: everything accepted arrives, in order */
$want = '';
for ($k = 0; $k < $acc / CHUNK; $k++) {
    $want .= frm_big_pattern(CHUNK, "c$k");
}
$got = swt_read($slow, $acc, 20);
swt_check($got === $want, 'the slow client gets every accepted byte, in order', swt_diff_at($want, $got));
$s->waitFor('/^BE ' . $fdS . '$/m', 1, 5);
$out = $s->stdout();
swt_check(strpos($out, "BF $fdS\n") < strpos($out, "BE $fdS\n"), 'onBufferEmpty fired after the client drained, after onBufferFull');
swt_check(!preg_match('/^B[FE] ' . $fdF . '$/m', $out), 'no buffer events for the fast client');

swt_write($slow, "AGAIN\n");
$m = $s->waitFor('/^AGAIN ' . $fdS . ' (.*)$/m', 1, 5);
$got = swt_read($slow, CHUNK, 10);
swt_check($m[0][1] === '[true,0]' && $got === frm_big_pattern(CHUNK, 'again'), 'send() to it works again afterwards',
    $m[0][1] . ' ' . swt_diff_at(frm_big_pattern(CHUNK, 'again'), $got));

fclose($f);
fclose($slow);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - two connections with their fds
ok - send() to the slow client returned false with 1008 (output buffer overflow)
ok - it accepted about socket_buffer_size (plus what the kernel holds) before that
ok - onBufferFull fired for the slow connection
ok - the fast client is answered quickly meanwhile
ok - the master's RSS stays bounded
ok - the master does not spin on the stuck connection
ok - a further send() of socket_buffer_size bytes to the stuck connection: false, 1008
ok - the slow client gets every accepted byte, in order
ok - onBufferEmpty fired after the client drained, after onBufferFull
ok - no buffer events for the fast client
ok - send() to it works again afterwards
ok - master exit code 0 after SIGTERM
