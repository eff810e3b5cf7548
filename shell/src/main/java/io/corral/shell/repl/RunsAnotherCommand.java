package io.corral.shell.repl;

/** Marks a command whose positional words are another command line ({@code watch}, {@code help}). */
public interface RunsAnotherCommand {}
