<?php
/*
 * The project's HTTP hello world for workloads H1 and H2 (see shared/BENCH.md).
 * Usage: php -d extension=modules/swoole.so bench/http_server.php PORT [process|base]
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

$server = new Swoole\Http\Server('127.0.0.1', $port, $mode);
$server->set(['worker_num' => 2, 'log_level' => 5]);
$server->on('request', function ($request, $response) {
    $response->end('Hello, World!');
});
$server->start();
