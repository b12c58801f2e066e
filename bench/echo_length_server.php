<?php
/*
 * The project's length-framed TCP echo server for workload E3 (see shared/BENCH.md):
 * frames are a 4-byte big-endian length + payload; onReceive gets exactly one frame,
 * header included, and sends it back as it is.
 * Usage: php -d extension=modules/swoole.so bench/echo_length_server.php PORT [process|base]
 */
$port = (int) ($argv[1] ?? 9501);
$modeName = $argv[2] ?? 'process';
if ($modeName === 'base') {
    $mode = SWOOLE_BASE;
} elseif ($modeName === 'process') {
    $mode = SWOOLE_PROCESS;
} else {
    fwrite(STDERR, "mode must be 'process' or 'base', not '$modeName'\n");
    exit(2);
}

$server = new Swoole\Server('127.0.0.1', $port, $mode);
$server->set([
    'worker_num' => 2,
    'log_level' => 5,
    'open_length_check' => true,
    'package_length_type' => 'N',
    'package_length_offset' => 0,
    'package_body_offset' => 4,
]);
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $server->send($fd, $data);
});
$server->start();
