--TEST--
sendfile(): a 20 MiB file whole and in ranges, interleaved with send()s, arrives byte-exact and in order; a missing file gives false
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--INI--
memory_limit=1G
--FILE--
<?php
require __DIR__ . '/../include/framing.inc';

/*
 * "GO <path>" makes the worker queue, in one callback:
 *   send "<head>", sendfile(whole), send "<m1>", sendfile(5 MiB + 123, 3 MiB + 7),
 *   send "<m2>", sendfile(20 MiB - 1000) (length 0: to the end), send "<m3>",
 *   sendfile(77, 1), sendfile(missing file), send "<tail>" + the results.
 * The client reads nothing for 0.5 s (so later items queue behind earlier
 * ones), then everything; the bytes must be exactly that sequence.
 */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'dispatch_mode' => 2]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if (!preg_match('/^GO (\S+)\n$/', $data, $m)) {
        echo "BAD COMMAND\n";
        return;
    }
    $path = $m[1];
    $mib = 1024 * 1024;
    $res = [];
    $res[] = $server->send($fd, '<head>');
    $res[] = $server->sendfile($fd, $path);
    $res[] = $server->send($fd, '<m1>');
    $res[] = $server->sendfile($fd, $path, 5 * $mib + 123, 3 * $mib + 7);
    $res[] = $server->send($fd, '<m2>');
    $res[] = $server->sendfile($fd, $path, 20 * $mib - 1000);
    $res[] = $server->send($fd, '<m3>');
    $res[] = $server->sendfile($fd, $path, 77, 1);
    $res[] = @$server->sendfile($fd, $path . '.missing');
    $res[] = $server->send($fd, '<tail>' . json_encode($res) . "\n");
    echo "DONE " . json_encode($res) . "\n";
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

const SIZE = 20 * FRM_MIB;
$file = $s->dir . '/data.bin';
$content = frm_big_pattern(SIZE, 'file');
file_put_contents($file, $content);

$want = '<head>' . $content
    . '<m1>' . substr($content, 5 * FRM_MIB + 123, 3 * FRM_MIB + 7)
    . '<m2>' . substr($content, SIZE - 1000)
    . '<m3>' . $content[77]
    . '<tail>[true,true,true,true,true,true,true,true,false]' . "\n";

$c = frm_connect($s->port);
swt_write($c, "GO $file\n");
usleep(500000);
$got = swt_read($c, strlen($want), 30);
swt_check($got === $want, 'send / sendfile / send ... arrive byte-exact and in order', swt_diff_at($want, $got));
$m = $s->waitFor('/^DONE (.*)$/m');
swt_check($m[0][1] === '[true,true,true,true,true,true,true,true,false,true]',
    'every send() and sendfile() returned true, sendfile() of a missing file false', $m[0][1]);

/* the connection is still fine: the same again, read at full speed */
swt_write($c, "GO $file\n");
$got = swt_read($c, strlen($want), 30);
swt_check($got === $want, 'a second round on the same connection', swt_diff_at($want, $got));

usleep(100000);
swt_check(fread($c, 100) === '', 'nothing more arrives');
fclose($c);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - send / sendfile / send ... arrive byte-exact and in order
ok - every send() and sendfile() returned true, sendfile() of a missing file false
ok - a second round on the same connection
ok - nothing more arrives
ok - master exit code 0 after SIGTERM
