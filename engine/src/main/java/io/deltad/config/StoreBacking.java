package io.deltad.config;

/** What the chunk store's memory is backed by ({@code [store] backing}). */
public enum StoreBacking {
    /** Anonymous memory: fastest to set up, lost on exit. */
    ANONYMOUS,
    /** Memory-mapped files under {@code [store] path}: the store survives a restart or {@code kill -9}. */
    FILE,
    /** Files on a hugetlbfs mount under {@code [store] path}: huge pages, fewer TLB misses. */
    HUGETLBFS
}
