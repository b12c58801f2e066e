--TEST--
Swoole\Server: a client that half-closes (shutdown(SHUT_WR), like `printf x | nc -q1`) still gets the answers to what it sent, then the close and onClose, in SWOOLE_PROCESS and SWOOLE_BASE
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip Linux only'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

foreach (['SWOOLE_PROCESS', 'SWOOLE_BASE'] as $mode) {
    $s = swt_start(<<<PHP
\$server = new Swoole\Server('127.0.0.1', 0, $mode);
\$server->set(['worker_num' => 2, 'log_level' => 4]);
\$server->on('workerStart', function (\$server, \$id) { echo "WS \$id " . getmypid() . "\\n"; });
\$server->on('receive', function (\$server, \$fd, \$r, \$data) {
    usleep(300000);                       /* the EOF arrives while this runs */
    \$server->send(\$fd, "answer to [\$data]");
    \$server->send(\$fd, " and more");
});
\$server->on('close', function (\$server, \$fd) { echo "CLOSE \$fd\\n"; });
echo "PORT {\$server->port}\\n";
\$server->start();
PHP, ['workers' => 2]);
    $c = swt_connect($s->port);
    fwrite($c, 'question');
    usleep(50000);
    stream_socket_shutdown($c, STREAM_SHUT_WR);
    $t0 = swt_now();
    $eof = swt_wait_eof($c, 5);
    swt_check($eof['data'] === 'answer to [question] and more' && $eof['eof'], "$mode: both answers arrive after the half-close, then the close",
        json_encode($eof));
    $s->waitFor('/^CLOSE \d+$/m');
    swt_check(true, "$mode: onClose ran");
    /* a half-close with nothing outstanding closes at once */
    $d = swt_connect($s->port);
    stream_socket_shutdown($d, STREAM_SHUT_WR);
    $e = swt_wait_eof($d, 2);
    swt_check($e['eof'] && $e['data'] === '', "$mode: a half-close with nothing pending closes at once");
    fclose($c);
    fclose($d);
    swt_check($s->stop() === 0, "$mode: exit code 0");
}
?>
--EXPECT--
ok - SWOOLE_PROCESS: both answers arrive after the half-close, then the close
ok - SWOOLE_PROCESS: onClose ran
ok - SWOOLE_PROCESS: a half-close with nothing pending closes at once
ok - SWOOLE_PROCESS: exit code 0
ok - SWOOLE_BASE: both answers arrive after the half-close, then the close
ok - SWOOLE_BASE: onClose ran
ok - SWOOLE_BASE: a half-close with nothing pending closes at once
ok - SWOOLE_BASE: exit code 0
