"""ipwatch: public-opinion and credit monitoring for national IP operation service platforms."""

__version__ = "0.1.0"
