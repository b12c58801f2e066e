/*
 * Tunables of the core, in one place. Behaviour is chosen at run time through
 * settings; these are only defaults and hard bounds.
 */
#ifndef SW_CONFIG_H
#define SW_CONFIG_H

#define SW_VERSION "0.1.0"
#define SW_VERSION_ID 100
#define SW_MAJOR_VERSION 0
#define SW_MINOR_VERSION 1
#define SW_RELEASE_VERSION 0

/* Largest payload of one IPC datagram; bigger messages travel as chunks. */
#define SW_IPC_MAX_PAYLOAD (64 * 1024)
/* Socket buffer asked for on each IPC socketpair (SO_SNDBUFFORCE when root). */
#define SW_IPC_SOCKET_BUFFER (8 * 1024 * 1024)
/* Messages at least this large skip the queue copy when the queue is empty. */
#define SW_IPC_DIRECT_MIN (8 * 1024)
/* Capacity an IPC queue keeps after a burst. */
#define SW_IPC_QUEUE_KEEP (4 * 1024 * 1024)
/* Datagrams moved per sendmmsg()/recvmmsg() call. */
#define SW_IPC_BATCH 32

/* Bytes read from a client socket per read() in a reactor thread. */
#define SW_READ_BUFFER_SIZE (64 * 1024)
/* Largest datagram a UDP / unix dgram port takes. */
#define SW_UDP_PACKET_MAX 65536
/* Datagrams a reactor thread reads from one port per readiness event. */
#define SW_UDP_READ_BATCH 64
/* Events fetched per epoll_wait(). */
#define SW_REACTOR_MAX_EVENTS 256

/*
 * Shutdown (SWOOLE_PROCESS): how long open HTTP keep-alive connections are
 * still read after SIGTERM, so that a request already on its way (a load
 * balancer reusing the connection) is answered, with Connection: close.
 */
#define SW_HTTP_SHUTDOWN_GRACE_MS 500
/* How often the grace period looks whether HTTP connections are left. */
#define SW_HTTP_SHUTDOWN_POLL_MS 20

#define SW_DEFAULT_BACKLOG 512
#define SW_DEFAULT_MAX_CONNECTION 100000
#define SW_MAX_REACTOR_NUM 128
#define SW_MAX_WORKER_NUM 1024
#define SW_DEFAULT_MAX_WAIT_TIME 3
#define SW_DEFAULT_BUFFER_OUTPUT_SIZE (2 * 1024 * 1024)
#define SW_DEFAULT_PACKAGE_MAX_LENGTH (2 * 1024 * 1024)
#define SW_DEFAULT_SOCKET_BUFFER_SIZE (2 * 1024 * 1024)

/* How long task() waits for room in a full task queue before it fails. */
#define SW_TASK_SEND_WAIT_MS 1000

/*
 * A task worker whose task in hand has run this long gets new tasks only when
 * every task worker is in that state: a stuck task must not hold the tasks
 * queued behind it while other task workers are free.
 */
#define SW_TASK_STALLED_MS 500

/* Respawn back-off for a worker that dies right after it started. */
#define SW_RESPAWN_FAST_EXIT_MS 1000
#define SW_RESPAWN_BACKOFF_MIN_MS 100
#define SW_RESPAWN_BACKOFF_MAX_MS 5000

#define SW_LOG_LINE_MAX 2048

/* HTTP: default bound of a request head (http_max_header_size) and its time to arrive (http_header_timeout). */
#define SW_HTTP_DEFAULT_HEADER_SIZE (16 * 1024)
#define SW_HTTP_DEFAULT_HEADER_TIMEOUT 30

#endif
