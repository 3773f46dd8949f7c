/**
 * The ipckit specification: the API every implementation provides, its error
 * type and constants, and the registry of numbered clauses that state the rules.
 *
 * @packageDocumentation
 */

export type { Category, Clause, Level, LinuxStanding } from "./clause.ts";
export { CATEGORY_TAGS, checkClauseShape } from "./clause.ts";
export type { Feature, FeatureEntry, FeatureName, Mechanism, PartEntry, PartOf } from "./features.ts";
export {
  FEATURES,
  FEATURE_NAMES,
  MECHANISMS,
  MECHANISM_TAGS,
  callsOf,
  featureNames,
  isFeatureName,
  isOptionalFeature,
  mechanismOfTag,
} from "./features.ts";
export {
  DEFAULT_PIPE_CAPACITY,
  MIN_PIPE_CAPACITY,
  PAGE_SIZE,
  PIPE_BUF,
  PIPE_MAX_SIZE,
  PIPE_MAX_SIZE_PRIVILEGED,
  ROOT_UID,
} from "./constants.ts";
export type { ErrorCode, IpcErrorOptions } from "./errors.ts";
export { ERRNO, IpcError, isErrorCode } from "./errors.ts";
export type { BlockingOptions, PipeEnd, PipeOptions } from "./pipe.ts";
export { PIPE_CLAUSES } from "./pipe.ts";
export { CLAUSES, clausesOf, getClause, hasClause } from "./registry.ts";
export type { Credentials, IpcProcess, IpcSystem, SpawnOptions } from "./system.ts";
export type { Access, Ownership, UmaskApi } from "./namespace.ts";
export { DEFAULT_UMASK, NAME_MAX, PERMISSION_BITS, checkAccess } from "./namespace.ts";
export type { FifoApi, FifoOpenOptions } from "./fifo.ts";
export { FIFO_CLAUSES, PATH_MAX } from "./fifo.ts";
export type { MessageQueue, MqApi, MqAttributes, MqOpenOptions, MqReceived, MqWaitOptions } from "./mq.ts";
export {
  MQ_CLAUSES,
  MQ_DEFAULT_MAX_MESSAGES,
  MQ_DEFAULT_MESSAGE_SIZE,
  MQ_HARD_MAX_MESSAGES,
  MQ_HARD_MAX_MESSAGE_SIZE,
  MQ_MAX_MESSAGES,
  MQ_MAX_MESSAGE_SIZE,
  MQ_PRIO_MAX,
} from "./mq.ts";
export type { MsgApi, MsgGetOptions, MsgQueueSet, MsgQueueStat, MsgReceiveOptions, MsgReceived } from "./msg.ts";
export { IPC_PRIVATE, MSGMAX, MSGMNB, MSG_CLAUSES } from "./msg.ts";
export type { Mapping, SharedMemory, ShmAccess, ShmApi, ShmMapOptions, ShmOpenOptions, ShmStat } from "./shm.ts";
export { SHM_CLAUSES, SHM_SIZE_MAX } from "./shm.ts";
export type { SemApi, SemOpenOptions, SemWaitOptions, Semaphore } from "./sem.ts";
export { SEM_CLAUSES, SEM_NAME_MAX, SEM_VALUE_MAX } from "./sem.ts";
export type { Mutex, MutexApi, MutexLockOptions } from "./mutex.ts";
export { MUTEX_CLAUSES } from "./mutex.ts";
export type { DefaultAction, MaskHow, ProcessStatus, SignalAction, SignalApi, SignalHandler, SignalInfo, SigwaitOptions } from "./signal.ts";
export {
  FIRST_REALTIME_SIGNAL,
  SIGABRT,
  SIGALRM,
  SIGCHLD,
  SIGCONT,
  SIGHUP,
  SIGINT,
  SIGKILL,
  SIGPIPE,
  SIGQUEUE_MAX,
  SIGQUIT,
  SIGRTMAX,
  SIGRTMIN,
  SIGSEGV,
  SIGSTOP,
  SIGTERM,
  SIGTSTP,
  SIGUSR1,
  SIGUSR2,
  SIGWINCH,
  SIG_CLAUSES,
  defaultAction,
  isRealtimeSignal,
  isSignal,
  signalName,
} from "./signal.ts";
export type {
  Datagram,
  InetAddress,
  SendFlags,
  SendOptions,
  Socket,
  SocketAddress,
  SocketApi,
  SocketFamily,
  SocketType,
  UnixAddress,
} from "./socket.ts";
export { DEFAULT_BACKLOG, STREAM_BUFFER_SIZE, ST_CLAUSES } from "./stream.ts";
export { DGRAM_BUFFER_SIZE, DGRAM_MAX, DG_CLAUSES, UNIX_DGRAM_QUEUE } from "./dgram.ts";
export { UNIX_PATH_MAX, UX_CLAUSES } from "./unix.ts";
