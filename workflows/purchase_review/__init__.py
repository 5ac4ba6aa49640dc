"""The purchasing units' pages of the review of a call: panel, results, award proposal, notice, objections, award."""
