<?php
/*
 * A TCP echo server: every byte a client sends comes back to it.
 *
 *   php -d extension=modules/swoole.so examples/echo_server.php [port]
 *   nc 127.0.0.1 9501
 *
 * The port is 9501 unless given as the first argument. Stop it with Ctrl-C
 * or `kill <master pid>` (SIGTERM): every process ends and start() returns.
 */

$port = isset($argv[1]) ? (int) $argv[1] : 9501;

$server = new Swoole\Server('127.0.0.1', $port, SWOOLE_PROCESS, SWOOLE_SOCK_TCP);
$server->set([
    'worker_num' => 2,
]);

$server->on('start', function (Swoole\Server $server) {
    echo "echo server listening on 127.0.0.1:{$server->port} (master pid {$server->master_pid})\n";
});

$server->on('receive', function (Swoole\Server $server, int $fd, int $reactorId, string $data) {
    $server->send($fd, $data);
});

$server->on('shutdown', function (Swoole\Server $server) {
    echo "echo server stopped\n";
});

$server->start();
