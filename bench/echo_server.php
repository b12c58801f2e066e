<?php
/*
 * The project's TCP echo server for workloads E1 and E2 (see shared/BENCH.md).
 * Usage: php -d extension=modules/swoole.so bench/echo_server.php PORT [process|base] [WORKER_NUM]
 * WORKER_NUM defaults to 2 (the scaling table of bench/scaling.sh varies it).
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
$server->set(['worker_num' => (int) ($argv[3] ?? 2), 'log_level' => 5]);
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $server->send($fd, $data);
});
$server->start();
