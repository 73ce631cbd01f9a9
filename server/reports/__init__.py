"""Printed reports (PDF): shared fonts and helpers; each report is a function of its data returning bytes."""
