/*
 * epoll backend of the reactor. Level-triggered: a handler that leaves data
 * unread is called again, which keeps every handler simple and fair.
 */
#include "sw_reactor.h"
#include "sw_timer.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

static uint32_t to_epoll(uint32_t events)
{
	uint32_t e = 0;

	if (events & SW_EVENT_READ) {
		e |= EPOLLIN | EPOLLRDHUP;
	}
	if (events & SW_EVENT_WRITE) {
		e |= EPOLLOUT;
	}
	if (events & SW_EVENT_EXCLUSIVE) {
		/* The kernel takes only EPOLLIN / EPOLLOUT (/ EPOLLET) with it: a listening socket needs no more. */
		e = (e & ~(uint32_t) EPOLLRDHUP) | EPOLLEXCLUSIVE;
	}
	return e;
}

int sw_reactor_init(sw_reactor_t *reactor)
{
	reactor->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (reactor->epfd < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	reactor->events_buf = calloc(SW_REACTOR_MAX_EVENTS, sizeof(struct epoll_event));
	if (reactor->events_buf == NULL) {
		close(reactor->epfd);
		reactor->epfd = -1;
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	reactor->id = -1;
	reactor->running = 0;
	reactor->timeout_ms = -1;
	reactor->batch_next = 0;
	reactor->batch_count = 0;
	reactor->before_wait = NULL;
	reactor->after_events = NULL;
	reactor->ptr = NULL;
	reactor->timers = NULL;
	reactor->defers = NULL;
	reactor->defer_count = 0;
	reactor->defer_capacity = 0;
	reactor->cycle.fn = NULL;
	reactor->cycle.data = NULL;
	reactor->cycle_before_defers = false;
	return SW_OK;
}

void sw_reactor_free(sw_reactor_t *reactor)
{
	if (reactor->epfd >= 0) {
		close(reactor->epfd);
		reactor->epfd = -1;
	}
	free(reactor->events_buf);
	reactor->events_buf = NULL;
	free(reactor->defers);
	reactor->defers = NULL;
	reactor->defer_count = reactor->defer_capacity = 0;
}

int sw_reactor_add(sw_reactor_t *reactor, sw_event_source_t *src, int fd, uint32_t events,
		sw_event_handler_t handler, void *ptr)
{
	struct epoll_event ev;

	src->fd = fd;
	src->events = events & ~SW_EVENT_EXCLUSIVE;
	src->handler = handler;
	src->ptr = ptr;
	ev.events = to_epoll(events);
	ev.data.ptr = src;
	if (epoll_ctl(reactor->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return SW_OK;
}

int sw_reactor_set(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	struct epoll_event ev;

	if (src->events == events) {
		return SW_OK;
	}
	ev.events = to_epoll(events);
	ev.data.ptr = src;
	if (epoll_ctl(reactor->epfd, EPOLL_CTL_MOD, src->fd, &ev) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	src->events = events;
	return SW_OK;
}

int sw_reactor_del(sw_reactor_t *reactor, sw_event_source_t *src)
{
	struct epoll_event *events = reactor->events_buf;
	int i;

	if (epoll_ctl(reactor->epfd, EPOLL_CTL_DEL, src->fd, NULL) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	src->events = 0;
	/* An event for src may still wait in the batch being dispatched: its owner may free src now. */
	for (i = reactor->batch_next; i < reactor->batch_count; i++) {
		if (events[i].data.ptr == src) {
			events[i].data.ptr = NULL;
		}
	}
	return SW_OK;
}

/* The queue is taken over first: what the functions defer waits for the next iteration. */
static void run_defers(sw_reactor_t *reactor)
{
	sw_defer_t *list = reactor->defers;
	uint32_t count = reactor->defer_count, capacity = reactor->defer_capacity, i;

	reactor->defers = NULL;
	reactor->defer_count = reactor->defer_capacity = 0;
	for (i = 0; i < count; i++) {
		list[i].fn(reactor, list[i].data);
	}
	if (reactor->defers == NULL) {
		/* Nothing new: keep the old array for next time. */
		reactor->defers = list;
		reactor->defer_capacity = capacity;
	} else {
		free(list);
	}
}

int sw_reactor_defer(sw_reactor_t *reactor, sw_defer_fn_t fn, void *data)
{
	if (reactor->defer_count == reactor->defer_capacity) {
		uint32_t cap = reactor->defer_capacity ? reactor->defer_capacity * 2 : 16;
		sw_defer_t *list = realloc(reactor->defers, sizeof(*list) * cap);

		if (list == NULL) {
			sw_error_set(SW_ERROR_MALLOC_FAIL);
			return SW_ERR;
		}
		reactor->defers = list;
		reactor->defer_capacity = cap;
	}
	reactor->defers[reactor->defer_count].fn = fn;
	reactor->defers[reactor->defer_count].data = data;
	reactor->defer_count++;
	return SW_OK;
}

void sw_reactor_defer_clear(sw_reactor_t *reactor)
{
	reactor->defer_count = 0;
}

/* The wait ends at the next timer expiry, and does not block while something is deferred. */
static int wait_timeout(sw_reactor_t *reactor, int timeout)
{
	if (reactor->defer_count > 0) {
		return 0;
	}
	if (reactor->timers != NULL) {
		int next = sw_timer_heap_next_ms(reactor->timers, sw_time_ms());

		if (next >= 0 && (timeout < 0 || next < timeout)) {
			timeout = next;
		}
	}
	return timeout;
}

int sw_reactor_once(sw_reactor_t *reactor, int timeout_ms)
{
	struct epoll_event *events = reactor->events_buf;
	int n, i;

	n = epoll_wait(reactor->epfd, events, SW_REACTOR_MAX_EVENTS, wait_timeout(reactor, timeout_ms));
	if (n < 0) {
		if (errno != EINTR) {
			sw_error_set(errno);
			return SW_ERR;
		}
		/* A signal cut the wait short: timers and defers may still be due. */
		n = 0;
	}
	reactor->batch_count = n;
	for (i = 0; i < n; i++) {
		sw_event_source_t *src = events[i].data.ptr;
		uint32_t e = events[i].events, mask = 0;

		reactor->batch_next = i + 1;
		if (src == NULL) {
			continue; /* deleted by an earlier handler of this batch */
		}
		if (e & (EPOLLIN | EPOLLRDHUP)) {
			mask |= SW_EVENT_READ;
		}
		if (e & EPOLLOUT) {
			mask |= SW_EVENT_WRITE;
		}
		if (e & (EPOLLERR | EPOLLHUP)) {
			/* Let the read handler find the error or EOF itself. */
			mask |= SW_EVENT_ERROR | SW_EVENT_READ;
		}
		src->handler(reactor, src, mask);
	}
	reactor->batch_count = 0;
	reactor->batch_next = 0;
	if (reactor->timers != NULL) {
		sw_timer_heap_run(reactor->timers, sw_time_ms());
	}
	if (reactor->cycle.fn != NULL && reactor->cycle_before_defers) {
		reactor->cycle.fn(reactor, reactor->cycle.data);
	}
	if (reactor->defer_count > 0) {
		run_defers(reactor);
	}
	if (reactor->cycle.fn != NULL && !reactor->cycle_before_defers) {
		reactor->cycle.fn(reactor, reactor->cycle.data);
	}
	if (reactor->after_events) {
		reactor->after_events(reactor);
	}
	return n;
}

void sw_reactor_set_cycle(sw_reactor_t *reactor, sw_defer_fn_t fn, void *data, bool before_defers)
{
	reactor->cycle.fn = fn;
	reactor->cycle.data = fn != NULL ? data : NULL;
	reactor->cycle_before_defers = fn != NULL && before_defers;
}

int sw_reactor_run(sw_reactor_t *reactor)
{
	reactor->running = 1;
	while (reactor->running) {
		int timeout = reactor->timeout_ms;

		if (reactor->before_wait) {
			reactor->before_wait(reactor, &timeout);
			if (!reactor->running) {
				break;
			}
		}
		if (sw_reactor_once(reactor, timeout) == SW_ERR) {
			return SW_ERR;
		}
	}
	return SW_OK;
}

void sw_reactor_stop(sw_reactor_t *reactor)
{
	reactor->running = 0;
}
