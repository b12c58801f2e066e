<?php
/*
 * The project's HTTP hello world for workloads H1 and H2 (see shared/BENCH.md).
 * Usage: php -d extension=modules/swoole.so bench/http_server.php PORT [process|base] [MAX_REQUEST] [WORKER_NUM]
 * With MAX_REQUEST > 0 (workload R1: 1) every worker exits after that many
 * requests and the manager forks a new one. WORKER_NUM defaults to 2 (the
 * scaling table of bench/scaling.sh varies it).
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
$settings = ['worker_num' => (int) ($argv[4] ?? 2), 'log_level' => 5];
if ((int) ($argv[3] ?? 0) > 0) {
    $settings['max_request'] = (int) $argv[3];
}
$server->set($settings);
$server->on('request', function ($request, $response) {
    $response->end('Hello, World!');
});
$server->start();
