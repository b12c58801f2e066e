--TEST--
Swoole\Server: send() of 1 MiB and 8 MiB in one call arrives whole and in order
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/*
 * The client asks with "BIG<n>\n"; the worker answers with one send() of n MiB
 * (a position-dependent pattern), then a second send() of a short trailer that
 * must arrive after all of it. buffer_output_size is the limit of one send(),
 * socket_buffer_size (raised here) the limit of what may be pending at once:
 * 16 MiB here, so 17 MiB must be refused (false and an error), not truncated.
 */
$s = swt_start(<<<'PHP'
$pattern = function (int $len, string $seed): string {
    $out = '';
    $block = 0;
    while (strlen($out) < $len) {
        $out .= sprintf("%s%08d\n", $seed, $block++);
    }
    return substr($out, 0, $len);
};
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'buffer_output_size' => 16 * 1024 * 1024,
    'socket_buffer_size' => 32 * 1024 * 1024]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) use ($pattern) {
    foreach (explode("\n", trim($data)) as $cmd) {
        if (preg_match('/^BIG(\d+)$/', $cmd, $m)) {
            $n = (int) $m[1];
            $ok = $server->send($fd, $pattern($n * 1024 * 1024, "m$n-"));
            $err = $ok ? 0 : $server->getLastError();
            echo "SENT $n " . var_export($ok, true) . " $err\n";
            $server->send($fd, "END$n " . var_export($ok, true) . "\n");
        }
    }
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

const MIB = 1 << 20;
$c = swt_connect($s->port);

foreach ([1, 8] as $n) {
    swt_write($c, "BIG$n\n");
    $want = swt_pattern($n * MIB, "m$n-");
    $got = swt_read($c, $n * MIB, 30);
    swt_check($got === $want, "$n MiB from one send() arrived whole and in order", swt_diff_at($want, $got));
    $trailer = swt_read_until($c, "\n", 10);
    swt_check($trailer === "END$n true\n", "trailer after the $n MiB", var_export($trailer, true));
}

/* over buffer_output_size: refused as a whole, the connection stays usable */
swt_write($c, "BIG17\n");
$trailer = swt_read_until($c, "\n", 20);
swt_check($trailer === "END17 false\n", 'send() over buffer_output_size returns false, nothing partial sent',
    strlen($trailer) > 100 ? strlen($trailer) . ' bytes arrived' : var_export($trailer, true));
$m = $s->waitFor('/^SENT 17 false (\d+)$/m');
swt_check((int) $m[0][1] > 0, 'and getLastError() is set', $m[0][0]);

swt_write($c, "BIG1\n");
$got = swt_read($c, MIB, 30);
swt_check($got === swt_pattern(MIB, 'm1-'), 'the connection still works afterwards', swt_diff_at(swt_pattern(MIB, 'm1-'), $got));
swt_check(swt_read_until($c, "\n", 10) === "END1 true\n", 'with its trailer');

fclose($c);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - 1 MiB from one send() arrived whole and in order
ok - trailer after the 1 MiB
ok - 8 MiB from one send() arrived whole and in order
ok - trailer after the 8 MiB
ok - send() over buffer_output_size returns false, nothing partial sent
ok - and getLastError() is set
ok - the connection still works afterwards
ok - with its trailer
ok - master exit code 0 after SIGTERM
