"""Crawl state that outlives a process: the frontier, and what earlier crawls captured."""
