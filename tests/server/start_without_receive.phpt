--TEST--
Swoole\Server::start() without an onReceive callback throws before forking anything
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/* in a child process, so that a start() that wrongly goes ahead is bounded by the harness */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1]);
$server->on('workerStart', function ($server, $id) { echo "WORKER_STARTED\n"; });
$server->on('managerStart', function ($server) { echo "MANAGER_STARTED\n"; });
$server->on('connect', function ($server, $fd) {});
try {
    $r = $server->start();
    echo "START_RETURNED " . var_export($r, true) . "\n";
} catch (Swoole\Exception $e) {
    echo "EXCEPTION " . $e->getMessage() . "\n";
}
$kids = 0;
foreach (glob('/proc/[0-9]*/stat') as $f) {
    $st = @file_get_contents($f);
    if ($st !== false && (int) explode(' ', substr($st, strrpos($st, ')') + 2))[1] === getmypid()) {
        $kids++;
    }
}
echo "KIDS $kids\n";
echo "END\n";
PHP, ['port' => false]);

$s->waitFor('/^END$/m', 1, 10, true);
$out = $s->stdout();
$m = $s->matches('/^EXCEPTION (.*)$/m');
swt_check(count($m) === 1, 'start() threw Swoole\Exception', $out . $s->stderr());
swt_check(isset($m[0]) && stripos($m[0][1], 'receive') !== false, 'the message names the missing receive callback', $m[0][1] ?? '');
swt_check(!str_contains($out, 'STARTED'), 'no manager or worker ran');
swt_check(str_contains($out, "KIDS 0\n"), 'no child process exists after the exception', $out);
swt_check($s->waitExit(10) === 0, 'the script ran to its end and exited 0');
$s->stop();
?>
--EXPECT--
ok - start() threw Swoole\Exception
ok - the message names the missing receive callback
ok - no manager or worker ran
ok - no child process exists after the exception
ok - the script ran to its end and exited 0
