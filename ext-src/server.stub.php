<?php

/**
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

namespace Swoole {
    /** @not-serializable */
    #[\AllowDynamicProperties]
    class Server
    {
        public string $host = "";
        /** The port the listener is bound to (the kernel's choice when 0 was asked for). */
        public int $port = 0;
        public int $mode = 0;
        public int $type = 0;
        /** What set() accepted, merged over earlier calls; completed with the defaults by start(). */
        public array $setting = [];
        public int $master_pid = 0;
        public int $manager_pid = 0;
        public int $worker_id = -1;
        public int $worker_pid = 0;
        public bool $taskworker = false;

        public function __construct(string $host, int $port = 0, int $mode = SWOOLE_PROCESS, int $sockType = SWOOLE_SOCK_TCP) {}

        public function set(array $settings): bool {}

        public function on(string $event, callable $callback): bool {}

        public function start(): bool {}

        public function send(int $fd, string $data): bool {}

        public function close(int $fd): bool {}

        public function shutdown(): bool {}

        public function getLastError(): int {}
    }
}
