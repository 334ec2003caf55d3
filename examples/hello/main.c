/* SPDX-License-Identifier: MIT */
/*
 * A first application: two threads, a queue between them and a mutex
 * around what they share.  make new APP_DIR=<folder> starts a new
 * application from this file (docs/first-app.md).
 *
 * main runs as a thread at CONFIG_MAIN_PRIORITY (16).  It starts a
 * producer, which sends READINGS numbers through the queue, and a
 * consumer, which takes them out and adds them to a total that the mutex
 * guards; then it waits for both and prints the total.  Both run below
 * main, so they start once main blocks in thread_join.  When main
 * returns, the system exits with its status, as a hosted program would.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "arch.h"
#include "kernel/errors.h"
#include "kernel/mutex.h"
#include "kernel/queue.h"
#include "kernel/thread.h"
#include "kernel/time.h"

#define STACK_BYTES 1024
#define READINGS 8

static struct thread producer, consumer;
static uint8_t producer_stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));
static uint8_t consumer_stack[STACK_BYTES] __attribute__((aligned(ARCH_STACK_ALIGN)));

static struct queue readings;
static uint32_t readings_buffer[4];

static struct mutex total_lock;
static uint32_t total, count; /* guarded by total_lock */

static void *produce(void *arg)
{
	(void)arg;
	for (uint32_t i = 1; i <= READINGS; i++) {
		uint32_t reading = i * i;
		queue_send(&readings, &reading, TIMEOUT_FOREVER); /* waits while the queue is full */
		thread_sleep_ms(2);
	}
	return NULL;
}

static void *consume(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < READINGS; i++) {
		uint32_t reading;
		queue_receive(&readings, &reading, TIMEOUT_FOREVER); /* waits while it is empty */
		mutex_lock(&total_lock, TIMEOUT_FOREVER);
		total += reading;
		count++;
		mutex_unlock(&total_lock);
		printf("consumer: got %lu\n", (unsigned long)reading);
	}
	return NULL;
}

/* Stops the application with a message if a call failed. */
static void check(int err, const char *what)
{
	if (err) {
		printf("%s: %s\n", what, error_name(err));
		exit(1);
	}
}

int main(void)
{
	check(queue_init(&readings, readings_buffer, sizeof(readings_buffer[0]), 4), "queue_init");
	check(mutex_init(&total_lock, 0), "mutex_init");
	check(thread_create(&producer, "producer", produce, NULL, 10, producer_stack, STACK_BYTES),
	      "thread_create(producer)");
	check(thread_create(&consumer, "consumer", consume, NULL, 11, consumer_stack, STACK_BYTES),
	      "thread_create(consumer)");

	check(thread_join(&producer, NULL, TIMEOUT_FOREVER), "thread_join(producer)");
	check(thread_join(&consumer, NULL, TIMEOUT_FOREVER), "thread_join(consumer)");
	mutex_lock(&total_lock, TIMEOUT_FOREVER);
	printf("hello: %lu readings, total %lu\n", (unsigned long)count, (unsigned long)total);
	mutex_unlock(&total_lock);
	return 0;
}
