--TEST--
Swoole\Server (TCP, EOF framing): a client that resets mid-response, a half-closed client, a slowloris client and a pipelining flood; the server keeps serving everyone else with the same workers
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'dispatch_mode' => 2,
    'open_eof_check' => true, 'open_eof_split' => true, 'package_eof' => "\n",
    'package_max_length' => 1 << 20, 'buffer_output_size' => 32 << 20, 'socket_buffer_size' => 64 << 20]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if ($data === "BIG\n") {
        /* 24 MiB: far more than the socket buffers hold, so the client's reset lands mid-response */
        echo "BIG " . var_export($server->send($fd, str_repeat("0123456789abcdef", 3 << 19)), true) . "\n";
        return;
    }
    $server->send($fd, $data);
});
$server->on('close', function ($server, $fd) { echo "CLOSE $fd\n"; });
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

$workersBefore = $s->workerPids();
$echo = function ($c, string $m, string $label) {
    swt_check(swt_write($c, $m), "$label: written");
    $got = swt_read($c, strlen($m));
    swt_check($got === $m, "$label: echoed", swt_diff_at($m, $got));
};

/* 1. reset in the middle of a large response: close with unread data in the receive queue sends RST */
$rst = swt_connect($s->port);
swt_check(swt_write($rst, "BIG\n"), 'reset client: request written');
$part = swt_read($rst, 65536);
swt_check(strlen($part) === 65536, 'reset client: the response started', strlen($part) . ' bytes; ' . $s->output());
usleep(200000);
fclose($rst);
$s->waitFor('/^CLOSE \d+$/m', 1, 10.0);
echo "ok - reset client: onClose ran\n";
$other = swt_connect($s->port);
$echo($other, "after reset\n", 'other client after the reset');

/* 2. half-closed client: its request is complete before the FIN; no hang, the connection ends */
$half = swt_connect($s->port);
swt_check(swt_write($half, "half\n"), 'half-closed client: written');
stream_socket_shutdown($half, STREAM_SHUT_WR);
$r = swt_wait_eof($half, 5.0);
swt_check($r['eof'], 'half-closed client: the server ends the connection within 5 s', sprintf('%.2f s', $r['after']));
swt_check($r['data'] === '' || $r['data'] === "half\n", 'half-closed client: it got its echo or nothing, never other bytes',
    bin2hex(substr($r['data'], 0, 32)));
fclose($half);

/* 3. slowloris: one frame a byte at a time over ~1 s while another client is served at full speed */
$slow = swt_connect($s->port);
$frame = str_repeat('s', 40) . "\n";
$worst = 0.0;
$served = 0;
for ($i = 0; $i < strlen($frame); $i++) {
    swt_write($slow, $frame[$i]);
    $t0 = swt_now();
    swt_write($other, "fast $i\n");
    $got = swt_read($other, strlen("fast $i\n"));
    $worst = max($worst, swt_now() - $t0);
    $served += $got === "fast $i\n" ? 1 : 0;
    usleep(25000);
}
swt_check($served === strlen($frame), 'slowloris: the other client got every answer', "$served of " . strlen($frame));
swt_check($worst < 1.0, 'slowloris: the other client never waited a second', sprintf('%.3f s', $worst));
$got = swt_read($slow, strlen($frame));
swt_check($got === $frame, 'slowloris: the slow frame arrives whole once complete', swt_diff_at($frame, $got));
fclose($slow);

/* 4. pipelining flood: 20,000 frames in one stream, answered in order, byte for byte */
$flood = swt_connect($s->port);
$data = '';
for ($i = 0; $i < 20000; $i++) {
    $data .= "m$i\n";
}
$t0 = swt_now();
$got = swt_exchange($flood, $data, strlen($data), 60.0);
swt_check($got === $data, 'flood: 20000 pipelined frames echoed in order', swt_diff_at($data, $got));
fclose($flood);
$echo($other, "after flood\n", 'other client after the flood');
fclose($other);

swt_check($s->workerPids() === $workersBefore, 'the same workers serve throughout (none crashed)');
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - reset client: request written
ok - reset client: the response started
ok - reset client: onClose ran
ok - other client after the reset: written
ok - other client after the reset: echoed
ok - half-closed client: written
ok - half-closed client: the server ends the connection within 5 s
ok - half-closed client: it got its echo or nothing, never other bytes
ok - slowloris: the other client got every answer
ok - slowloris: the other client never waited a second
ok - slowloris: the slow frame arrives whole once complete
ok - flood: 20000 pipelined frames echoed in order
ok - other client after the flood: written
ok - other client after the flood: echoed
ok - the same workers serve throughout (none crashed)
ok - master exit code 0 after SIGTERM
