<?php
/*
 * A user process beside the workers ($server->addProcess()): it keeps a
 * running count of the lines the clients sent, which the workers report to it
 * over its pipe; every client gets the total so far. The manager starts it
 * after the workers, starts it again if it dies (try kill -9 on it: the
 * count starts over), leaves it alone on reload and stops it with the server.
 *
 *   php -d extension=$PWD/modules/swoole.so examples/user_process.php [port]
 *   printf 'a\nb\n' | nc -q1 127.0.0.1 9503
 */
$server = new Swoole\Server('127.0.0.1', (int) ($argv[1] ?? 9503));
$server->set(['worker_num' => 2, 'open_eof_split' => true, 'package_eof' => "\n"]);

$counter = new Swoole\Process(function (Swoole\Process $self) {
    $self->name('php: line counter');
    $total = 0;
    Swoole\Process::signal(SIGTERM, function () use (&$total) {
        echo "counter: stopping after $total lines\n";
        exit(0);
    });
    // each message from a worker is one line; the answer is the new total
    Swoole\Event::add($self->pipe, function () use ($self, &$total) {
        $self->read();
        $self->write((string) ++$total);
    });
});
$server->addProcess($counter);

$server->on('receive', function (Swoole\Server $server, int $fd, int $reactorId, string $data) use ($counter) {
    $counter->write(rtrim($data, "\n"));
    // the workers share the reading end: with several workers busy at once an
    // answer may be another worker's; the total is what matters here
    $server->send($fd, 'lines so far: ' . $counter->read() . "\n");
});
echo "listening on 127.0.0.1:{$server->port}\n";
$server->start();
