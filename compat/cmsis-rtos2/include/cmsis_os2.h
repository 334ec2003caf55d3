/* SPDX-License-Identifier: MIT */
/*
 * The CMSIS-RTOS2 API, version 2.3.0, as Kestrel implements it
 * (compat/cmsis-rtos2/).  We wrote this file from Arm's published
 * specification, the CMSIS-RTOS2 reference in the CMSIS 6 documentation
 * (https://arm-software.github.io/CMSIS_6/latest/RTOS2/).  That
 * documentation has the full wording for each call: what it does, what it
 * returns, and how it treats its timeout.  The names, types, structure
 * layouts and values here are the specification's, so code written against
 * another CMSIS-RTOS2 kernel compiles against this one unchanged.  The
 * layout and comments are our own.
 *
 * A trailing ISR comment marks a function the specification allows in an
 * interrupt handler.  Where such a function takes a timeout, the timeout
 * must be 0 in a handler.  Every other function is for threads only.  In a
 * handler it returns an error where it can (osErrorISR, osFlagsErrorISR,
 * NULL or 0, as its page says).  A few calls are meant for one kind of
 * handler only, such as a fault handler or the watchdog alarm.  A comment
 * marks those too.
 *
 * Timeouts and delays are in kernel ticks (osKernelGetTickFreq per second).
 */
#ifndef CMSIS_OS2_H
#define CMSIS_OS2_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Generic definitions: status codes, timeouts, flags, safety classes ---- */

typedef enum {
	osOK = 0,                     /* success */
	osError = -1,                 /* unspecified error */
	osErrorTimeout = -2,          /* not done within the timeout */
	osErrorResource = -3,         /* resource not available */
	osErrorParameter = -4,        /* a parameter was wrong */
	osErrorNoMemory = -5,         /* out of memory */
	osErrorISR = -6,              /* not allowed in an interrupt handler */
	osErrorSafetyClass = -7,      /* the caller's safety class is too low */
	osStatusReserved = 0x7FFFFFFF /* keeps the type 32 bits wide */
} osStatus_t;

#define osWaitForever 0xFFFFFFFFU /* timeout: wait as long as it takes */

/* Options of osThreadFlagsWait and osEventFlagsWait. */
#define osFlagsWaitAny 0x00000000U /* any one of the flags (default) */
#define osFlagsWaitAll 0x00000001U /* all of the flags */
#define osFlagsNoClear 0x00000002U /* leave the awaited flags set */

/* What flags functions return on failure: an osStatus_t as uint32_t, top bit set. */
#define osFlagsError 0x80000000U
#define osFlagsErrorUnknown 0xFFFFFFFFU     /* osError */
#define osFlagsErrorTimeout 0xFFFFFFFEU     /* osErrorTimeout */
#define osFlagsErrorResource 0xFFFFFFFDU    /* osErrorResource */
#define osFlagsErrorParameter 0xFFFFFFFCU   /* osErrorParameter */
#define osFlagsErrorISR 0xFFFFFFFAU         /* osErrorISR */
#define osFlagsErrorSafetyClass 0xFFFFFFF9U /* osErrorSafetyClass */

/* Safety class in an object's attr_bits: 4 bits, and a bit saying it is given. */
#define osSafetyClass_Pos 16U
#define osSafetyClass_Msk 0x000F0000UL
#define osSafetyClass_Valid 0x00100000UL
#define osSafetyClass(n) (osSafetyClass_Valid | (((n) << osSafetyClass_Pos) & osSafetyClass_Msk))

/* The mode of osThreadSuspendClass, osThreadResumeClass, osKernelDestroyClass. */
#define osSafetyWithSameClass 0x00000001U  /* objects of the class given */
#define osSafetyWithLowerClass 0x00000002U /* objects of lower classes */

/* ---- Kernel information and control ---- */

typedef struct {
	uint32_t api;    /* API version, decimal mmnnnrrrr (major, minor, revision) */
	uint32_t kernel; /* kernel version, same encoding */
} osVersion_t;

typedef enum {
	osKernelInactive = 0,         /* not initialised yet */
	osKernelReady = 1,            /* initialised, not started */
	osKernelRunning = 2,          /* running */
	osKernelLocked = 3,           /* scheduler locked (osKernelLock) */
	osKernelSuspended = 4,        /* suspended (osKernelSuspend) */
	osKernelError = -1,           /* error */
	osKernelReserved = 0x7FFFFFFF /* keeps the type 32 bits wide */
} osKernelState_t;

osStatus_t osKernelInitialize(void);
osStatus_t osKernelGetInfo(osVersion_t *version, char *id_buf, uint32_t id_size); /* ISR */
osKernelState_t osKernelGetState(void);                                          /* ISR */
osStatus_t osKernelStart(void);
int32_t osKernelLock(void);
int32_t osKernelUnlock(void);
int32_t osKernelRestoreLock(int32_t lock); /* also in a fault handler or the watchdog alarm */
uint32_t osKernelSuspend(void);
void osKernelResume(uint32_t sleep_ticks);
osStatus_t osKernelProtect(uint32_t safety_class);
osStatus_t osKernelDestroyClass(uint32_t safety_class, uint32_t mode); /* also in watchdog alarm */
uint32_t osKernelGetTickCount(void);     /* ISR */
uint32_t osKernelGetTickFreq(void);      /* ISR */
uint32_t osKernelGetSysTimerCount(void); /* ISR */
uint32_t osKernelGetSysTimerFreq(void);  /* ISR */
void osFaultResume(void); /* at the end of a fault handler */

/* ---- Thread management ---- */

typedef void *osThreadId_t;

typedef void (*osThreadFunc_t)(void *argument);

typedef enum {
	osThreadInactive = 0,         /* not in use, or ended and freed */
	osThreadReady = 1,            /* ready to run */
	osThreadRunning = 2,          /* running now */
	osThreadBlocked = 3,          /* waiting, delayed or suspended */
	osThreadTerminated = 4,       /* ended, not yet joined */
	osThreadError = -1,           /* no such thread, or an error */
	osThreadReserved = 0x7FFFFFFF /* keeps the type 32 bits wide */
} osThreadState_t;

/* Six bands of eight levels (Low to Realtime7) between Idle and ISR; higher runs first. */
typedef enum {
	osPriorityNone = 0, /* not set */
	osPriorityIdle = 1, /* the idle thread's, for no other thread */
	osPriorityLow = 8, osPriorityLow1 = 9, osPriorityLow2 = 10, osPriorityLow3 = 11,
	osPriorityLow4 = 12, osPriorityLow5 = 13, osPriorityLow6 = 14, osPriorityLow7 = 15,
	osPriorityBelowNormal = 16, osPriorityBelowNormal1 = 17, osPriorityBelowNormal2 = 18,
	osPriorityBelowNormal3 = 19, osPriorityBelowNormal4 = 20, osPriorityBelowNormal5 = 21,
	osPriorityBelowNormal6 = 22, osPriorityBelowNormal7 = 23,
	osPriorityNormal = 24, osPriorityNormal1 = 25, osPriorityNormal2 = 26,
	osPriorityNormal3 = 27, osPriorityNormal4 = 28, osPriorityNormal5 = 29,
	osPriorityNormal6 = 30, osPriorityNormal7 = 31,
	osPriorityAboveNormal = 32, osPriorityAboveNormal1 = 33, osPriorityAboveNormal2 = 34,
	osPriorityAboveNormal3 = 35, osPriorityAboveNormal4 = 36, osPriorityAboveNormal5 = 37,
	osPriorityAboveNormal6 = 38, osPriorityAboveNormal7 = 39,
	osPriorityHigh = 40, osPriorityHigh1 = 41, osPriorityHigh2 = 42, osPriorityHigh3 = 43,
	osPriorityHigh4 = 44, osPriorityHigh5 = 45, osPriorityHigh6 = 46, osPriorityHigh7 = 47,
	osPriorityRealtime = 48, osPriorityRealtime1 = 49, osPriorityRealtime2 = 50,
	osPriorityRealtime3 = 51, osPriorityRealtime4 = 52, osPriorityRealtime5 = 53,
	osPriorityRealtime6 = 54, osPriorityRealtime7 = 55,
	osPriorityISR = 56,             /* reserved for the kernel, for no user thread */
	osPriorityError = -1,           /* invalid, or could not be read */
	osPriorityReserved = 0x7FFFFFFF /* keeps the type 32 bits wide */
} osPriority_t;

/* osThreadGetClass and osThreadGetZone return this on failure. */
#define osErrorId 0xFFFFFFFFU

/* Thread attr_bits (with osSafetyClass(n), above). */
#define osThreadDetached 0x00000000U     /* cannot be joined (default) */
#define osThreadJoinable 0x00000001U     /* can be joined with osThreadJoin */
#define osThreadUnprivileged 0x00000002U /* runs unprivileged */
#define osThreadPrivileged 0x00000004U   /* runs privileged */

/* MPU protected zone in a thread's attr_bits: 6 bits, and a bit saying it is given. */
#define osThreadZone_Pos 8U
#define osThreadZone_Msk 0x00003F00UL
#define osThreadZone_Valid 0x00008000UL
#define osThreadZone(n) (osThreadZone_Valid | (((n) << osThreadZone_Pos) & osThreadZone_Msk))

/* osThreadAttr_t.affinity_mask bit for processor n (0 first) of an SMP system. */
#define osThreadProcessor(n) (1UL << (n))

/* TrustZone module of a thread's secure context (the same type as CMSIS-Core's). */
#ifndef TZ_MODULEID_T
#define TZ_MODULEID_T
typedef uint32_t TZ_ModuleId_t;
#endif

/* Every field may be 0 (or NULL) for the default. */
typedef struct {
	const char *name;        /* for debuggers */
	uint32_t attr_bits;      /* osThread*, osThreadZone(n), osSafetyClass(n) */
	void *cb_mem;            /* control block memory, or NULL to allocate it */
	uint32_t cb_size;        /* bytes at cb_mem */
	void *stack_mem;         /* stack memory (8-byte aligned), or NULL to allocate it */
	uint32_t stack_size;     /* stack bytes; 0 for the kernel's default */
	osPriority_t priority;   /* initial priority; osPriorityNone means osPriorityNormal */
	TZ_ModuleId_t tz_module; /* secure context module; 0 if it makes no secure calls */
	uint32_t affinity_mask;  /* osThreadProcessor(n) bits; 0 means the default */
} osThreadAttr_t;

osThreadId_t osThreadNew(osThreadFunc_t func, void *argument, const osThreadAttr_t *attr);
const char *osThreadGetName(osThreadId_t thread_id); /* ISR */
uint32_t osThreadGetClass(osThreadId_t thread_id);
uint32_t osThreadGetZone(osThreadId_t thread_id);
osThreadId_t osThreadGetId(void); /* ISR */
osThreadState_t osThreadGetState(osThreadId_t thread_id);
uint32_t osThreadGetStackSize(osThreadId_t thread_id);
uint32_t osThreadGetStackSpace(osThreadId_t thread_id);
osStatus_t osThreadSetPriority(osThreadId_t thread_id, osPriority_t priority);
osPriority_t osThreadGetPriority(osThreadId_t thread_id);
osStatus_t osThreadYield(void);
osStatus_t osThreadSuspend(osThreadId_t thread_id);
osStatus_t osThreadResume(osThreadId_t thread_id);
osStatus_t osThreadDetach(osThreadId_t thread_id);
osStatus_t osThreadJoin(osThreadId_t thread_id);
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
void osThreadExit(void);
osStatus_t osThreadTerminate(osThreadId_t thread_id);
osStatus_t osThreadFeedWatchdog(uint32_t ticks);
osStatus_t osThreadProtectPrivileged(void);
osStatus_t osThreadSuspendClass(uint32_t safety_class, uint32_t mode); /* also in watchdog alarm */
osStatus_t osThreadResumeClass(uint32_t safety_class, uint32_t mode);  /* also in watchdog alarm */
osStatus_t osThreadTerminateZone(uint32_t zone); /* only in a fault handler */
osStatus_t osThreadSetAffinityMask(osThreadId_t thread_id, uint32_t affinity_mask);
uint32_t osThreadGetAffinityMask(osThreadId_t thread_id);
uint32_t osThreadGetCount(void);
uint32_t osThreadEnumerate(osThreadId_t *thread_array, uint32_t array_items);

/*
 * Written by the application, called by the kernel.  The watchdog alarm
 * runs in an interrupt when a thread's watchdog expires and returns the
 * next reload in ticks, or 0 to stop that watchdog.  The zone callback runs
 * when the next thread's MPU protected zone differs from the last one's,
 * and loads the MPU for it.
 */
uint32_t osWatchdogAlarm_Handler(osThreadId_t thread_id);
void osZoneSetup_Callback(uint32_t zone);

/* ---- Thread flags ---- */

uint32_t osThreadFlagsSet(osThreadId_t thread_id, uint32_t flags); /* ISR */
uint32_t osThreadFlagsClear(uint32_t flags);
uint32_t osThreadFlagsGet(void);
uint32_t osThreadFlagsWait(uint32_t flags, uint32_t options, uint32_t timeout);

/* ---- Generic wait ---- */

osStatus_t osDelay(uint32_t ticks);
osStatus_t osDelayUntil(uint32_t ticks);

/* ---- Timer management ---- */

typedef void *osTimerId_t;

typedef void (*osTimerFunc_t)(void *argument);

typedef enum {
	osTimerOnce = 0,    /* fires once */
	osTimerPeriodic = 1 /* fires every period until stopped */
} osTimerType_t;

typedef struct {
	const char *name;   /* for debuggers */
	uint32_t attr_bits; /* osSafetyClass(n), or 0 */
	void *cb_mem;       /* control block memory, or NULL to allocate it */
	uint32_t cb_size;   /* bytes at cb_mem */
} osTimerAttr_t;

osTimerId_t osTimerNew(osTimerFunc_t func, osTimerType_t type, void *argument,
		       const osTimerAttr_t *attr);
const char *osTimerGetName(osTimerId_t timer_id); /* ISR */
osStatus_t osTimerStart(osTimerId_t timer_id, uint32_t ticks);
osStatus_t osTimerStop(osTimerId_t timer_id);
uint32_t osTimerIsRunning(osTimerId_t timer_id);
osStatus_t osTimerDelete(osTimerId_t timer_id);

/* ---- Event flags ---- */

typedef void *osEventFlagsId_t;

typedef struct {
	const char *name;   /* for debuggers */
	uint32_t attr_bits; /* osSafetyClass(n), or 0 */
	void *cb_mem;       /* control block memory, or NULL to allocate it */
	uint32_t cb_size;   /* bytes at cb_mem */
} osEventFlagsAttr_t;

osEventFlagsId_t osEventFlagsNew(const osEventFlagsAttr_t *attr);
const char *osEventFlagsGetName(osEventFlagsId_t ef_id);           /* ISR */
uint32_t osEventFlagsSet(osEventFlagsId_t ef_id, uint32_t flags);   /* ISR */
uint32_t osEventFlagsClear(osEventFlagsId_t ef_id, uint32_t flags); /* ISR */
uint32_t osEventFlagsGet(osEventFlagsId_t ef_id);                   /* ISR */
uint32_t osEventFlagsWait(osEventFlagsId_t ef_id, uint32_t flags, uint32_t options,
			  uint32_t timeout); /* ISR */
osStatus_t osEventFlagsDelete(osEventFlagsId_t ef_id);

/* ---- Mutex management ---- */

typedef void *osMutexId_t;

/* Mutex attr_bits (with osSafetyClass(n)). */
#define osMutexRecursive 0x00000001U   /* the owner may acquire it again */
#define osMutexPrioInherit 0x00000002U /* the owner inherits its waiters' priority */
#define osMutexRobust 0x00000008U      /* released when its owner ends */

typedef struct {
	const char *name;   /* for debuggers */
	uint32_t attr_bits; /* osMutex* bits, osSafetyClass(n) */
	void *cb_mem;       /* control block memory, or NULL to allocate it */
	uint32_t cb_size;   /* bytes at cb_mem */
} osMutexAttr_t;

osMutexId_t osMutexNew(const osMutexAttr_t *attr);
const char *osMutexGetName(osMutexId_t mutex_id); /* ISR */
osStatus_t osMutexAcquire(osMutexId_t mutex_id, uint32_t timeout);
osStatus_t osMutexRelease(osMutexId_t mutex_id);
osThreadId_t osMutexGetOwner(osMutexId_t mutex_id);
osStatus_t osMutexDelete(osMutexId_t mutex_id);

/* ---- Semaphores ---- */

typedef void *osSemaphoreId_t;

typedef struct {
	const char *name;   /* for debuggers */
	uint32_t attr_bits; /* osSafetyClass(n), or 0 */
	void *cb_mem;       /* control block memory, or NULL to allocate it */
	uint32_t cb_size;   /* bytes at cb_mem */
} osSemaphoreAttr_t;

osSemaphoreId_t osSemaphoreNew(uint32_t max_count, uint32_t initial_count,
			       const osSemaphoreAttr_t *attr);
const char *osSemaphoreGetName(osSemaphoreId_t semaphore_id);                /* ISR */
osStatus_t osSemaphoreAcquire(osSemaphoreId_t semaphore_id, uint32_t timeout); /* ISR */
osStatus_t osSemaphoreRelease(osSemaphoreId_t semaphore_id);                 /* ISR */
uint32_t osSemaphoreGetCount(osSemaphoreId_t semaphore_id);                  /* ISR */
osStatus_t osSemaphoreDelete(osSemaphoreId_t semaphore_id);

/* ---- Memory pools ---- */

typedef void *osMemoryPoolId_t;

typedef struct {
	const char *name;   /* for debuggers */
	uint32_t attr_bits; /* osSafetyClass(n), or 0 */
	void *cb_mem;       /* control block memory, or NULL to allocate it */
	uint32_t cb_size;   /* bytes at cb_mem */
	void *mp_mem;       /* memory for the blocks, or NULL to allocate it */
	uint32_t mp_size;   /* bytes at mp_mem */
} osMemoryPoolAttr_t;

osMemoryPoolId_t osMemoryPoolNew(uint32_t block_count, uint32_t block_size,
				 const osMemoryPoolAttr_t *attr);
const char *osMemoryPoolGetName(osMemoryPoolId_t mp_id);        /* ISR */
void *osMemoryPoolAlloc(osMemoryPoolId_t mp_id, uint32_t timeout); /* ISR */
osStatus_t osMemoryPoolFree(osMemoryPoolId_t mp_id, void *block);  /* ISR */
uint32_t osMemoryPoolGetCapacity(osMemoryPoolId_t mp_id);       /* ISR */
uint32_t osMemoryPoolGetBlockSize(osMemoryPoolId_t mp_id);      /* ISR */
uint32_t osMemoryPoolGetCount(osMemoryPoolId_t mp_id);          /* ISR */
uint32_t osMemoryPoolGetSpace(osMemoryPoolId_t mp_id);          /* ISR */
osStatus_t osMemoryPoolDelete(osMemoryPoolId_t mp_id);

/* ---- Message queues ---- */

typedef void *osMessageQueueId_t;

typedef struct {
	const char *name;   /* for debuggers */
	uint32_t attr_bits; /* osSafetyClass(n), or 0 */
	void *cb_mem;       /* control block memory, or NULL to allocate it */
	uint32_t cb_size;   /* bytes at cb_mem */
	void *mq_mem;       /* memory for the messages, or NULL to allocate it */
	uint32_t mq_size;   /* bytes at mq_mem */
} osMessageQueueAttr_t;

osMessageQueueId_t osMessageQueueNew(uint32_t msg_count, uint32_t msg_size,
				     const osMessageQueueAttr_t *attr);
const char *osMessageQueueGetName(osMessageQueueId_t mq_id); /* ISR */
osStatus_t osMessageQueuePut(osMessageQueueId_t mq_id, const void *msg_ptr, uint8_t msg_prio,
			     uint32_t timeout); /* ISR */
osStatus_t osMessageQueueGet(osMessageQueueId_t mq_id, void *msg_ptr, uint8_t *msg_prio,
			     uint32_t timeout); /* ISR */
uint32_t osMessageQueueGetCapacity(osMessageQueueId_t mq_id); /* ISR */
uint32_t osMessageQueueGetMsgSize(osMessageQueueId_t mq_id);  /* ISR */
uint32_t osMessageQueueGetCount(osMessageQueueId_t mq_id);    /* ISR */
uint32_t osMessageQueueGetSpace(osMessageQueueId_t mq_id);    /* ISR */
osStatus_t osMessageQueueReset(osMessageQueueId_t mq_id);
osStatus_t osMessageQueueDelete(osMessageQueueId_t mq_id);

#ifdef __cplusplus
}
#endif

#endif /* CMSIS_OS2_H */
