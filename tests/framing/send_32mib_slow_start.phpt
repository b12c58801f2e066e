--TEST--
Flow control: one send() of 32 MiB reaches a client that reads slowly at first, whole and byte-exact; a send() over buffer_output_size fails with 1203
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--INI--
memory_limit=1G
--FILE--
<?php
require __DIR__ . '/../include/framing.inc';

/*
 * buffer_output_size and socket_buffer_size are 64 MiB. "BIG" makes the
 * worker send() 32 MiB of position-dependent data at once, then a trailer
 * line. The client reads nothing for 1 s, then 32 KiB every 10 ms for a
 * while, then at full speed. "HUGE" tries one send() of 64 MiB + 1 byte:
 * false with 1203 (data length too large), nothing of it sent, the
 * connection still usable.
 */
$s = swt_start('require ' . var_export(__DIR__ . '/../include/framing.inc', true) . ";\n" . <<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'dispatch_mode' => 2,
    'buffer_output_size' => 64 * 1024 * 1024, 'socket_buffer_size' => 64 * 1024 * 1024]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    foreach (explode("\n", trim($data)) as $cmd) {
        if ($cmd === 'BIG') {
            $ok = $server->send($fd, frm_big_pattern(32 * 1024 * 1024, 'big'));
            $err = $ok ? 0 : $server->getLastError();
            $server->send($fd, 'END ' . json_encode([$ok, $err]) . "\n");
        } elseif ($cmd === 'HUGE') {
            $ok = $server->send($fd, str_repeat('h', 64 * 1024 * 1024 + 1));
            $err = $ok ? 0 : $server->getLastError();
            $server->send($fd, 'HUGE ' . json_encode([$ok, $err]) . "\n");
        }
    }
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

const SIZE = 32 * FRM_MIB;
$want = frm_big_pattern(SIZE, 'big');
$c = frm_connect($s->port);
swt_write($c, "BIG\n");

usleep(1000000);
$got = '';
$slowUntil = swt_now() + 0.5;
while (swt_now() < $slowUntil) {
    $got .= (string) fread($c, 32768);
    usleep(10000);
}
$got .= swt_read($c, SIZE - strlen($got), 30);
swt_check(strlen($got) === SIZE && $got === $want, '32 MiB from one send() arrived whole and byte-exact', swt_diff_at($want, $got));
$t = swt_read_until($c, "\n", 5);
swt_check($t === "END [true,0]\n", 'the send() returned true and the trailer followed', var_export($t, true));

swt_write($c, "HUGE\n");
$t = swt_read_until($c, "\n", 20);
swt_check($t === "HUGE [false,1203]\n", 'send() of buffer_output_size + 1 byte: false, error 1203, nothing sent',
    strlen($t) > 100 ? strlen($t) . ' bytes arrived' : var_export($t, true));

swt_write($c, "BIG\n");
$got = swt_read($c, SIZE, 30);
swt_check($got === $want, 'the connection still carries 32 MiB afterwards', swt_diff_at($want, $got));
swt_check(swt_read_until($c, "\n", 5) === "END [true,0]\n", 'with its trailer');

fclose($c);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - 32 MiB from one send() arrived whole and byte-exact
ok - the send() returned true and the trailer followed
ok - send() of buffer_output_size + 1 byte: false, error 1203, nothing sent
ok - the connection still carries 32 MiB afterwards
ok - with its trailer
ok - master exit code 0 after SIGTERM
